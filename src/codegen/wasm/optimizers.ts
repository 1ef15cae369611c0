import { type Args, flagArg as flag, numberArg as num } from "../common/args.js";
import { loopsOptimizers } from "../loops/optimizers.js";
import { f32x4 } from "./wat.js";

/**
 * The optimizers of the catalogue in WebAssembly: the loops backend's update rules
 * (../loops/optimizers.ts, where each rule's source is named), four parameters at a time
 * in f32x4 arithmetic. Slots, their initial fills and the rule's text come from the loops
 * registry, so the two backends keep the same optimizer state layout (and checkpoints).
 *
 * In the emitted statements: `$p` the parameter vector, `$g` the gradient vector
 * (penalties, clipping and coupled weight decay applied), `$lr` the step's learning
 * rate times the tensor's lr_mult (a vector), `slot(k)` the address of slot k's vector
 * (a load/store operand pair), `$first` an all-ones mask on the first step (t = 1),
 * `$c1`/`$c2` the bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ (vectors). The statements leave
 * the new parameter vector in `$p`.
 */
export interface WasmOptimizer {
  update(args: Args, slot: SlotAccess): string;
  /** Whether the update reads $c1/$c2 (the JavaScript side computes them per step). */
  corrections?: (args: Args) => { c1: number; c2: number };
}

export interface SlotAccess {
  load(k: number): string;
  store(k: number, value: string): string;
}

const v = (name: string) => `(local.get $${name})`;
const set = (name: string, value: string) => `(local.set $${name} ${value})`;
const mul = (a: string, b: string) => `(f32x4.mul ${a} ${b})`;
const add = (a: string, b: string) => `(f32x4.add ${a} ${b})`;
const sub = (a: string, b: string) => `(f32x4.sub ${a} ${b})`;
const div = (a: string, b: string) => `(f32x4.div ${a} ${b})`;
const sqrt = (a: string) => `(f32x4.sqrt ${a})`;
const c = (x: number) => f32x4(x);

/** Locals the updates use besides $p, $g, $lr (all v128). */
export const OPTIMIZER_LOCALS = [
  "m",
  "r",
  "u",
  "delta",
  "scaled",
  "previous",
  "vel",
  "look",
] as const;

export const wasmOptimizers: Readonly<Record<string, WasmOptimizer>> = {
  sgd: {
    update(a, s) {
      const mu = num(a, "momentum");
      if (mu === 0) return set("p", sub(v("p"), mul(v("lr"), v("g"))));
      // v ← g at t = 1, else μv + (1 − d)g: blended by the first-step mask
      const later = add(mul(c(mu), s.load(0)), mul(c(1 - num(a, "dampening")), v("g")));
      return `${set("vel", `(v128.bitselect ${v("g")} ${later} ${v("first")})`)}
        ${s.store(0, v("vel"))}
        ${set("p", sub(v("p"), mul(v("lr"), flag(a, "nesterov") ? add(v("g"), mul(c(mu), v("vel"))) : v("vel"))))}`;
    },
  },
  adagrad: {
    update: (a, s) => `${set("r", add(s.load(0), mul(v("g"), v("g"))))}
      ${s.store(0, v("r"))}
      ${set("p", sub(v("p"), div(mul(v("lr"), v("g")), add(c(num(a, "eps")), sqrt(v("r"))))))}`,
  },
  adadelta: {
    update(a, s) {
      const rho = num(a, "rho");
      const eps = num(a, "eps");
      return `${set("r", add(mul(c(rho), s.load(0)), mul(c(1 - rho), mul(v("g"), v("g")))))}
        ${set("delta", mul(div(sqrt(add(s.load(1), c(eps))), sqrt(add(v("r"), c(eps)))), v("g")))}
        ${s.store(0, v("r"))}
        ${s.store(1, add(mul(c(rho), s.load(1)), mul(c(1 - rho), mul(v("delta"), v("delta")))))}
        ${set("p", sub(v("p"), mul(v("lr"), v("delta"))))}`;
    },
  },
  rmsprop: {
    update(a, s) {
      const rho = num(a, "rho");
      const alpha = num(a, "momentum");
      const average = `${set("r", add(mul(c(rho), s.load(0)), mul(c(1 - rho), mul(v("g"), v("g")))))}
        ${s.store(0, v("r"))}
        ${set("scaled", div(mul(v("lr"), v("g")), sqrt(add(c(num(a, "eps")), v("r")))))}`;
      if (alpha === 0) return `${average}\n${set("p", sub(v("p"), v("scaled")))}`;
      const apply = flag(a, "nesterov")
        ? set("p", sub(add(v("p"), mul(c(1 + alpha), v("vel"))), mul(c(alpha), v("previous"))))
        : set("p", add(v("p"), v("vel")));
      return `${average}
        ${set("previous", s.load(1))}
        ${set("vel", sub(mul(c(alpha), v("previous")), v("scaled")))}
        ${apply}
        ${s.store(1, v("vel"))}`;
    },
  },
  adam: {
    corrections: (a) => ({ c1: num(a, "beta1"), c2: num(a, "beta2") }),
    update(a, s) {
      const b1 = num(a, "beta1");
      const b2 = num(a, "beta2");
      return `${set("m", add(mul(c(b1), s.load(0)), mul(c(1 - b1), v("g"))))}
        ${set("r", add(mul(c(b2), s.load(1)), mul(c(1 - b2), mul(v("g"), v("g")))))}
        ${s.store(0, v("m"))}
        ${s.store(1, v("r"))}
        ${set("p", sub(v("p"), div(mul(v("lr"), div(v("m"), v("c1"))), add(sqrt(div(v("r"), v("c2"))), c(num(a, "eps"))))))}`;
    },
  },
  adamax: {
    corrections: (a) => ({ c1: num(a, "beta1"), c2: 0 }),
    update(a, s) {
      const b1 = num(a, "beta1");
      return `${set("m", add(mul(c(b1), s.load(0)), mul(c(1 - b1), v("g"))))}
        ${set("u", `(f32x4.max ${mul(c(num(a, "beta2")), s.load(1))} (f32x4.abs ${v("g")}))`)}
        ${s.store(0, v("m"))}
        ${s.store(1, v("u"))}
        ${set("p", sub(v("p"), div(mul(div(v("lr"), v("c1")), v("m")), add(v("u"), c(num(a, "eps"))))))}`;
    },
  },
  nadam: {
    corrections: (a) => ({ c1: num(a, "beta1"), c2: num(a, "beta2") }),
    update(a, s) {
      const b1 = num(a, "beta1");
      const b2 = num(a, "beta2");
      return `${set("m", add(mul(c(b1), s.load(0)), mul(c(1 - b1), v("g"))))}
        ${set("r", add(mul(c(b2), s.load(1)), mul(c(1 - b2), mul(v("g"), v("g")))))}
        ${s.store(0, v("m"))}
        ${s.store(1, v("r"))}
        ${set("look", div(add(mul(c(b1), v("m")), mul(c(1 - b1), v("g"))), v("c1")))}
        ${set("p", sub(v("p"), div(mul(v("lr"), v("look")), add(sqrt(div(v("r"), v("c2"))), c(num(a, "eps"))))))}`;
    },
  },
};

/** Every optimizer of the loops reference has a WebAssembly twin (a test checks it too). */
export function missingWasmOptimizers(): string[] {
  return Object.keys(loopsOptimizers).filter((name) => !(name in wasmOptimizers));
}

export { loopsOptimizers };
