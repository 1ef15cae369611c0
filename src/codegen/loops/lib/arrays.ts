import type { LayerNode } from "../../../ir/ir.js";
import type { LoopsEmitContext } from "../layer-emitter.js";

/** What most loops kernels need: sizes, and the rules for writing an input gradient. */

export function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** Assignment or accumulation into an input gradient (an input read by several nodes sums its gradients). */
export function assignInputGrad(ctx: LoopsEmitContext, input = 0): "=" | "+=" {
  return ctx.accumulatesInputGrad(input) ? "+=" : "=";
}

/** Clears an input gradient that a kernel then adds into, unless it is a shared sum already. */
export function clearInputGrad(node: LayerNode, ctx: LoopsEmitContext, dx: string): string {
  return ctx.accumulatesInputGrad()
    ? ""
    : `${dx}.fill(0, 0, n * ${product(node.inputShapes[0]!)});`;
}
