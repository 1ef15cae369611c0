import type { Expr } from "../wat.js";

/**
 * Float32 vectors computed in f64, for the normalizations (batch norm, group norm): their
 * forward subtracts nearly equal numbers and their backward sums nearly cancel, which in
 * float32 loses digits every layer below inherits. A vector of four floats is taken as
 * two f64x2 halves, and four floats are put back together from two halves.
 */

/** The low f64x2 half (lanes 0 and 1) of a vector of four floats. */
export const low = (v: Expr): Expr => `(f64x2.promote_low_f32x4 ${v})`;

/** The high f64x2 half (lanes 2 and 3) of a vector of four floats. */
export const high = (v: Expr): Expr =>
  `(f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v}))`;

/** Four floats from two f64x2 halves. */
export const joined = (lo: Expr, hi: Expr): Expr =>
  `(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero ${lo}) (f32x4.demote_f64x2_zero ${hi}))`;

/** A vector of four floats whose lanes past `lanes` are zero (sums over an exact-length tail). */
export const masked = (vector: Expr, lanes: number): Expr =>
  lanes === 4
    ? vector
    : `(v128.and ${vector} (v128.const i32x4 ${[0, 1, 2, 3].map((l) => (l < lanes ? -1 : 0)).join(" ")}))`;

/** An f64x2 half of a vector whose lanes at or past `lanes` (counting from `first`) are zeroed. */
export function masked2(half: Expr, lanes: number, first: number): Expr {
  const keep = [first, first + 1].map((l) => (l < lanes ? -1 : 0));
  if (keep.every((k) => k === -1)) return half;
  if (keep.every((k) => k === 0)) return "(v128.const f64x2 0 0)";
  return `(v128.and ${half} (v128.const i64x2 ${keep.join(" ")}))`;
}

/** The sum of an f64x2's two lanes. */
export const sum2 = (v: Expr): Expr =>
  `(f64.add (f64x2.extract_lane 0 ${v}) (f64x2.extract_lane 1 ${v}))`;

export const zeroF64x2: Expr = "(v128.const f64x2 0 0)";
