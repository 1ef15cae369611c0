import { f32x4 } from "../wat.js";

/**
 * exp, log and tanh of four floats at once, as module functions ($exp4, $log4, $tanh4):
 * WebAssembly has no transcendental instructions. They are Cephes' single-precision
 * algorithms (S. Moshier), about 1 ulp: range reduction to a small interval, a minimax
 * polynomial there, and the exponent put back by integer arithmetic on the float's bits.
 * The activations (sigmoid, tanh, elu) and LRN's power use them; losses use the host's
 * Math functions in f64 (./losses.ts), since they touch few values.
 */

const c = f32x4;
const v = (name: string) => `(local.get $${name})`;
const set = (name: string, value: string) => `(local.set $${name} ${value})`;
const mul = (a: string, b: string) => `(f32x4.mul ${a} ${b})`;
const add = (a: string, b: string) => `(f32x4.add ${a} ${b})`;
const sub = (a: string, b: string) => `(f32x4.sub ${a} ${b})`;

/** Horner's rule: coefficients from the highest power down. */
function polynomial(x: string, coefficients: readonly number[]): string {
  return coefficients.slice(1).reduce((acc, k) => add(mul(acc, x), c(k)), c(coefficients[0]!));
}

/**
 * exp(x): x clamped to [−87.33, 88] (so 2ⁿ stays a normal float; e⁸⁸ ≈ 1.65·10³⁸ stands
 * in for the overflow to infinity, e^−87.33 ≈ 1.2·10⁻³⁸ for the underflow to 0),
 * n = round(x·log₂e), r = x − n·ln 2 in two parts, eʳ by a degree-6 polynomial, times 2ⁿ.
 */
const exp4 = `(func $exp4 (param $x v128) (result v128) (local $n v128) (local $r v128)
  ${set("x", `(f32x4.pmax ${c(-87.33654)} (f32x4.pmin ${c(88)} ${v("x")}))`)}
  ${set("n", `(f32x4.nearest ${mul(v("x"), c(Math.LOG2E))})`)}
  ${set("r", sub(sub(v("x"), mul(v("n"), c(0.693359375))), mul(v("n"), c(-2.1219444e-4))))}
  ${mul(
    add(
      add(
        mul(
          polynomial(
            v("r"),
            [
              1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1,
              5.0000001201e-1,
            ],
          ),
          mul(v("r"), v("r")),
        ),
        v("r"),
      ),
      c(1),
    ),
    `(i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s ${v("n")}) (v128.const i32x4 127 127 127 127)) (i32.const 23))`,
  )})`;

/**
 * log(x) for x > 0 (0 gives −∞, negatives NaN): x = m·2ᵉ with m in [√½, √2), log(m) by
 * a degree-9 polynomial in m − 1, plus e·ln 2 in two parts.
 */
const log4 = `(func $log4 (param $x v128) (result v128) (local $e v128) (local $m v128) (local $small v128) (local $z v128) (local $y v128)
  ;; exponent and mantissa in [0.5, 1)
  ${set("e", `(f32x4.convert_i32x4_s (i32x4.sub (i32x4.shr_u ${v("x")} (i32.const 23)) (v128.const i32x4 126 126 126 126)))`)}
  ${set("m", `(v128.or (v128.and ${v("x")} (v128.const i32x4 0x807fffff 0x807fffff 0x807fffff 0x807fffff)) ${c(0.5)})`)}
  ;; m < √½: use 2m − 1 and e − 1, else m − 1
  ${set("small", `(f32x4.lt ${v("m")} ${c(0.707106781186547524)})`)}
  ${set("e", `(f32x4.sub ${v("e")} (v128.and ${v("small")} ${c(1)}))`)}
  ${set("m", sub(add(v("m"), `(v128.and ${v("small")} ${v("m")})`), c(1)))}
  ${set("z", mul(v("m"), v("m")))}
  ${set(
    "y",
    mul(
      mul(
        polynomial(
          v("m"),
          [
            7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1,
            -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
          ],
        ),
        v("m"),
      ),
      v("z"),
    ),
  )}
  ${set("y", add(v("y"), mul(v("e"), c(-2.1219444e-4))))}
  ${set("y", sub(v("y"), mul(v("z"), c(0.5))))}
  ${set("y", add(add(v("m"), v("y")), mul(v("e"), c(0.693359375))))}
  ;; 0 → −inf, negative → NaN, +inf → +inf
  ${set("y", `(v128.bitselect ${c(-Infinity)} ${v("y")} (f32x4.eq ${v("x")} ${c(0)}))`)}
  ${set("y", `(v128.bitselect ${c(NaN)} ${v("y")} (f32x4.lt ${v("x")} ${c(0)}))`)}
  (v128.bitselect ${v("x")} ${v("y")} (f32x4.eq ${v("x")} ${c(Infinity)})))`;

/**
 * tanh(x): |x| < 0.625 by an odd polynomial (exact near 0, where 1 − 2/(e²ˣ + 1) would
 * cancel), else 1 − 2/(e^{2|x|} + 1) with x's sign.
 */
const tanh4 = `(func $tanh4 (param $x v128) (result v128) (local $a v128) (local $z v128) (local $near v128) (local $far v128)
  ${set("a", `(f32x4.abs ${v("x")})`)}
  ${set("z", mul(v("x"), v("x")))}
  ${set(
    "near",
    add(
      mul(
        mul(
          polynomial(
            v("z"),
            [
              -5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1,
              -3.33332819422e-1,
            ],
          ),
          v("z"),
        ),
        v("x"),
      ),
      v("x"),
    ),
  )}
  ${set("far", sub(c(1), `(f32x4.div ${c(2)} ${add(`(call $exp4 ${mul(v("a"), c(2))})`, c(1))})`))}
  ;; the sign of x onto the far value
  ${set("far", `(v128.or ${v("far")} (v128.and ${v("x")} (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)))`)}
  (v128.bitselect ${v("near")} ${v("far")} (f32x4.lt ${v("a")} ${c(0.625)})))`;

export const mathFunctions = [exp4, log4, tanh4].join("\n");
