import type { LayerNode } from "../../../ir/ir.js";
import type { TfjsEmitContext } from "../layer-emitter.js";

/**
 * The internal (batch-included, channels-last: see ../layer-emitter.ts) axis of a
 * channels-first per-sample axis.
 */
function internalAxis(axis: number, sampleRank: number): number {
  const a = axis < 0 ? axis + sampleRank : axis;
  if (sampleRank === 1) return 1;
  return a === 0 ? sampleRank : a;
}

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
