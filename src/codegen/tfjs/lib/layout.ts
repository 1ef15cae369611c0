import type { Shape } from "../../../ir/ir.js";
import type { StoredLayout } from "../layer-emitter.js";

/**
 * Layout arithmetic for the channels-last internal layout (see ./layer-emitter.ts),
 * done at compile time so the generated code holds plain constants.
 */

/** The internal (batch-included, channels-last) axis of a channels-first per-sample axis. */
export function internalAxis(axis: number, sampleRank: number): number {
  const a = axis < 0 ? axis + sampleRank : axis;
  if (sampleRank === 1) return 1;
  return a === 0 ? sampleRank : a;
}

/** A per-sample channels-first shape as the internal batch shape, with `n` for the batch. */
export function internalShape(shape: Shape): number[] {
  if (shape.length <= 1) return [...shape];
  return [...shape.slice(1), shape[0]!];
}

export function inversePermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return inverse;
}

/** The shape of a stored tensor: the IR shape (or its reshape) permuted. */
export function storedShape(irShape: Shape, layout: StoredLayout | undefined): number[] {
  if (layout === undefined) return [...irShape];
  const base = layout.reshape ?? irShape;
  return layout.perm.map((p) => base[p]!);
}
