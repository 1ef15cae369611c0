import type { LayerNode, WindowGeometry } from "../../../ir/ir.js";
import { planar } from "../../common/planar-window.js";
import type { LoopsLayerEmitter } from "../layer-emitter.js";
import { clearInputGrad, product } from "./arrays.js";
import { windowLoops } from "./window.js";

/**
 * Max and average pooling, 1-D and 2-D (1-D as height 1). Max pooling remembers which
 * input won each window (seed 004 keeps a 0/1 mask M of the input's size; an index per
 * output is the same information, smaller), and its backward sends each output gradient
 * to that input. Average pooling divides by the window area, padding included (PyTorch's
 * count_include_pad = true).
 */

type PoolingAttrs = { readonly window: WindowGeometry };

/** The argmax scratch: one input index per output value. */
const argmaxOf = (node: LayerNode, ctx: Parameters<LoopsLayerEmitter["forward"]>[1]) =>
  ctx.scratch("argmax", product(node.outputShape), { type: "i32", perSample: true });

export const maxPoolLoops: LoopsLayerEmitter<PoolingAttrs> = {
  forward(node, ctx) {
    const argmax = argmaxOf(node, ctx);
    return windowLoops(planar(node.attrs.window), {
      init: "let best = -Infinity; let bestIndex = -1;",
      tap: `const v = ${ctx.input()}[i]; if (v > best) { best = v; bestIndex = i; }`,
      finish: `${ctx.output()}[o] = best; ${argmax}[o] = bestIndex;`,
    });
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    const argmax = argmaxOf(node, ctx);
    // Overlapping windows can pick the same input twice, so gradients are added.
    return `
    ${clearInputGrad(node, ctx, dx)}
    for (let o = 0; o < n * ${product(node.outputShape)}; o++) ${dx}[${argmax}[o]] += ${ctx.outputGrad()}[o];`;
  },
};

export const avgPoolLoops: LoopsLayerEmitter<PoolingAttrs> = {
  forward(node, ctx) {
    const p = planar(node.attrs.window);
    return windowLoops(p, {
      init: "let sum = 0;",
      tap: `sum += ${ctx.input()}[i];`,
      finish: `${ctx.output()}[o] = sum * ${1 / (p.kH * p.kW)};`,
    });
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    const p = planar(node.attrs.window);
    return `
    ${clearInputGrad(node, ctx, dx)}
    ${windowLoops(p, {
      init: "",
      tap: `${dx}[i] += share;`,
      finish: "",
    }).replace(
      // the share of each input in its window, read once per output before the taps
      /(for \(let kh = 0;)/,
      `const share = ${ctx.outputGrad()}[yc + oh * ${p.outW} + ow] * ${1 / (p.kH * p.kW)};\n$1`,
    )}`;
  },
};
