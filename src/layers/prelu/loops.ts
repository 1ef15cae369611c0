import type { LayerNode } from "../../ir/ir.js";
import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { assignInputGrad, product } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** x for x > 0, alpha[c]·x otherwise (seed 001). */

type Attrs = ResolvedAttrsOf<"prelu">;

/** Loops over every (sample, channel, position) with `i` the value's index and `a` its slope's index. */
function overValues(node: LayerNode<Attrs>, body: string): string {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  return `
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < ${channels}; c++) {
        const a = ${node.attrs.per_channel ? "c" : "0"};
        const start = (b * ${channels} + c) * ${product(shape) / channels};
        for (let i = start; i < start + ${product(shape) / channels}; i++) {
          ${body}
        }
      }
    }`;
}

export const preluLoops: LoopsLayerEmitter<Attrs> = {
  forward(node, ctx) {
    const x = ctx.input();
    return overValues(
      node,
      `const v = ${x}[i]; ${ctx.output()}[i] = v > 0 ? v : ${ctx.param("alpha")}[a] * v;`,
    );
  },
  backward(node, ctx) {
    const x = ctx.input();
    const dy = ctx.outputGrad();
    const dAlpha = ctx.paramGrad("alpha");
    const dx = ctx.inputGrad();
    if (dAlpha === undefined && dx === undefined) return "";
    const alpha = ctx.param("alpha");
    return `
    ${dAlpha !== undefined ? `${dAlpha}.fill(0);` : ""}
    ${overValues(
      node,
      `const v = ${x}[i];
      ${dAlpha !== undefined ? `if (v <= 0) ${dAlpha}[a] += ${dy}[i] * v;` : ""}
      ${dx !== undefined ? `${dx}[i] ${assignInputGrad(ctx)} v > 0 ? ${dy}[i] : ${alpha}[a] * ${dy}[i];` : ""}`,
    )}`;
  },
};
