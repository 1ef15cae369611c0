import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { product } from "../../codegen/loops/lib/arrays.js";
import { copyBackward } from "../../codegen/loops/lib/copy.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/**
 * Noise injection (seed 000): while training y = x + N(0, std²) per value (Box–Muller from
 * the model's generator); the identity in evaluation. Its gradient is the identity.
 */
export const noiseLoops: LoopsLayerEmitter<ResolvedAttrsOf<"noise">> = {
  forward(node, ctx) {
    const size = product(node.outputShape);
    return `
    if (${ctx.training}) {
      for (let i = 0; i < n * ${size}; i++) {
        const radius = Math.sqrt(-2 * Math.log(1 - ${ctx.random}));
        ${ctx.output()}[i] = ${ctx.input()}[i] + ${node.attrs.std} * radius * Math.cos(2 * Math.PI * ${ctx.random});
      }
    } else {
      ${ctx.output()}.set(${ctx.input()}.subarray(0, n * ${size}));
    }`;
  },
  backward: copyBackward,
};
