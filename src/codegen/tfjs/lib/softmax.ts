import type { LayerNode } from "../../../ir/ir.js";
import type { TfjsEmitContext } from "../layer-emitter.js";
import { internalAxis } from "./layout.js";

/** softmax and log_softmax over a channels-first `axis` (-1: the last). */
export function normalisedExponential(
  node: LayerNode<{ readonly axis: number }>,
  ctx: TfjsEmitContext,
  log: boolean,
): string {
  const rank = node.inputShapes[0]!.length;
  const axis = internalAxis(node.attrs.axis, rank);
  const x = ctx.input();
  if (axis === rank) return log ? `tf.logSoftmax(${x})` : `tf.softmax(${x})`;
  // tfjs' softmax only works over the last axis: x − logsumexp(x) over the chosen one.
  const logProbabilities = `tf.sub(${x}, tf.logSumExp(${x}, ${axis}, true))`;
  return log ? logProbabilities : `tf.exp(${logProbabilities})`;
}
