import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { assignInputGrad, product } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/**
 * Inverted dropout: while training each value is kept with probability 1 − rate and
 * scaled by 1/(1 − rate), so evaluation is the identity. The mask (0 or the scale) is
 * kept for the backward pass.
 */
export const dropoutLoops: LoopsLayerEmitter<ResolvedAttrsOf<"dropout">> = {
  forward(node, ctx) {
    const size = product(node.outputShape);
    const { rate } = node.attrs;
    const mask = ctx.scratch("mask", size, { perSample: true });
    const scale = rate < 1 ? 1 / (1 - rate) : 0;
    return `
    if (${ctx.training}) {
      for (let i = 0; i < n * ${size}; i++) {
        ${mask}[i] = ${ctx.random} < ${rate} ? 0 : ${scale};
        ${ctx.output()}[i] = ${ctx.input()}[i] * ${mask}[i];
      }
    } else {
      ${ctx.output()}.set(${ctx.input()}.subarray(0, n * ${size}));
    }`;
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    const size = product(node.outputShape);
    const mask = ctx.scratch("mask", size, { perSample: true });
    return `for (let i = 0; i < n * ${size}; i++) ${dx}[i] ${assignInputGrad(ctx)} ${ctx.outputGrad()}[i] * ${mask}[i];`;
  },
};
