import type { LayerNode } from "../../../ir/ir.js";
import type { LoopsEmitContext, LoopsLayerEmitter } from "../layer-emitter.js";
import { product } from "./arrays.js";

/** The identity's backward: dy passed on unchanged (or added, for an input read by several nodes). */
export function copyBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const size = product(node.outputShape);
  if (ctx.accumulatesInputGrad())
    return `for (let i = 0; i < n * ${size}; i++) ${dx}[i] += ${ctx.outputGrad()}[i];`;
  return `${dx}.set(${ctx.outputGrad()}.subarray(0, n * ${size}));`;
}

/** flatten and reshape: the channels-first order is already the flat order, so they copy. */
export const copyLoops: LoopsLayerEmitter = {
  forward: (node, ctx) =>
    `${ctx.output()}.set(${ctx.input()}.subarray(0, n * ${product(node.outputShape)}));`,
  backward: copyBackward,
};
