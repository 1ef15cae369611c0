import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { clearInputGrad, product } from "../../codegen/loops/lib/arrays.js";
import { windowLoops } from "../../codegen/loops/lib/window.js";
import { planar } from "../../codegen/common/planar-window.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/**
 * y = weight[c]·Σ(window) + bias[c] (seed 004's S2/S4). The window sums are kept for the
 * coefficient's gradient; every input of a window receives weight[c]·dy of its output.
 */
export const subsampleLoops: LoopsLayerEmitter<ResolvedAttrsOf<"subsample">> = {
  forward(node, ctx) {
    const sums = ctx.scratch("windowSum", product(node.outputShape), { perSample: true });
    const weight = ctx.param("weight");
    const bias = ctx.param("bias");
    return windowLoops(planar(node.attrs.window), {
      init: "let sum = 0;",
      tap: `sum += ${ctx.input()}[i];`,
      finish: `${sums}[o] = sum; ${ctx.output()}[o] = ${weight}[c] * sum + ${bias}[c];`,
    });
  },
  backward(node, ctx) {
    const p = planar(node.attrs.window);
    const sums = ctx.scratch("windowSum", product(node.outputShape), { perSample: true });
    const dy = ctx.outputGrad();
    const dWeight = ctx.paramGrad("weight");
    const dBias = ctx.paramGrad("bias");
    const dx = ctx.inputGrad();
    const area = p.outH * p.outW;
    const parts: string[] = [];
    if (dWeight !== undefined || dBias !== undefined) {
      parts.push(`
      ${dWeight !== undefined ? `${dWeight}.fill(0);` : ""}
      ${dBias !== undefined ? `${dBias}.fill(0);` : ""}
      for (let b = 0; b < n; b++) {
        for (let c = 0; c < ${p.channelsIn}; c++) {
          const yc = (b * ${p.channelsIn} + c) * ${area};
          let sumDy = 0;
          let sumDySum = 0;
          for (let o = yc; o < yc + ${area}; o++) {
            sumDy += ${dy}[o];
            sumDySum += ${dy}[o] * ${sums}[o];
          }
          ${dWeight !== undefined ? `${dWeight}[c] += sumDySum;` : ""}
          ${dBias !== undefined ? `${dBias}[c] += sumDy;` : ""}
        }
      }`);
    }
    if (dx !== undefined) {
      parts.push(`
      ${clearInputGrad(node, ctx, dx)}
      ${windowLoops(p, {
        init: `const share = ${dy}[yc + oh * ${p.outW} + ow] * ${ctx.param("weight")}[c];`,
        tap: `${dx}[i] += share;`,
        finish: "",
      })}`);
    }
    return parts.join("\n");
  },
};
