import { type Args, flagArg as flag, numberArg as num } from "../common/args.js";

/**
 * The optimizers the loops backend writes out, as a registry: the optimizers of the train entries
 * (src/semantics/train/optimizers.ts) with exactly the update rules of the tfjs backend
 * (src/codegen/tfjs/optimizers.ts, where each rule's seed and algorithm box is named),
 * element by element. Each entry lists its slots (state values per parameter, with their
 * initial fill) and emits the update of one parameter value.
 *
 * In the emitted statements: `p` the parameters, `s` the optimizer state (one arena-sized
 * block per slot, laid end to end: slot k of value i is `s[k·size + i]`), `i` the index,
 * `g` the gradient value (penalties, clipping and coupled weight decay applied), `lr` the
 * step's learning rate times the tensor's lr_mult, `t` the step count (1 on the first
 * step). A `prologue` runs once per step (bias corrections).
 */
export interface LoopsOptimizer {
  /** Slots per parameter value: name and initial fill. */
  slots(args: Args): { name: string; fill: number }[];
  prologue?(args: Args): string;
  /** Statements updating p[i]; `size` is the parameter arena's length. */
  update(args: Args, size: number): string;
  /** The rule in one line, for the generated comment. */
  rule(args: Args): string;
}

/** Slot k of value i. */
const slot = (k: number, size: number) => (k === 0 ? "s[i]" : `s[${k * size} + i]`);

export const loopsOptimizers: Readonly<Record<string, LoopsOptimizer>> = {
  /** torch.optim.SGD (seed 001; seed 000 alg. 4.2/4.3): v ← g at t = 1, then μv + (1 − d)g; θ ← θ − lr·(v, or g + μv with Nesterov). */
  sgd: {
    slots: (a) => (num(a, "momentum") === 0 ? [] : [{ name: "velocity", fill: 0 }]),
    rule: (a) =>
      num(a, "momentum") === 0
        ? "θ ← θ − lr·g"
        : `v ← μv + (1 − d)g (v ← g at t = 1); θ ← θ − lr·${flag(a, "nesterov") ? "(g + μv)" : "v"}`,
    update(a) {
      const mu = num(a, "momentum");
      if (mu === 0) return "p[i] -= lr * g;";
      return `
        const v = t === 1 ? g : ${mu} * s[i] + ${1 - num(a, "dampening")} * g;
        s[i] = v;
        p[i] -= lr * ${flag(a, "nesterov") ? `(g + ${mu} * v)` : "v"};`;
    },
  },
  /** Seed 000 algorithm 4.4: r ← r + g²; θ ← θ − lr·g/(δ + √r). */
  adagrad: {
    slots: (a) => [{ name: "accumulator", fill: num(a, "initial_accumulator") }],
    rule: () => "r ← r + g²; θ ← θ − lr·g/(δ + √r)",
    update: (a) => `
      const r = s[i] + g * g;
      s[i] = r;
      p[i] -= (lr * g) / (${num(a, "eps")} + Math.sqrt(r));`,
  },
  /** Seed 001's AdaDelta with PyTorch's lr factor: Δ = √(E[Δ²] + ε)/√(E[g²] + ε)·g; θ ← θ − lr·Δ. */
  adadelta: {
    slots: () => [
      { name: "squared_gradients", fill: 0 },
      { name: "squared_updates", fill: 0 },
    ],
    rule: () =>
      "E[g²] ← ρE[g²] + (1−ρ)g²; Δ = √(E[Δ²]+ε)/√(E[g²]+ε)·g; E[Δ²] ← ρE[Δ²] + (1−ρ)Δ²; θ ← θ − lr·Δ",
    update(a, size) {
      const rho = num(a, "rho");
      const eps = num(a, "eps");
      return `
        const r = ${rho} * s[i] + ${1 - rho} * g * g;
        const delta = (Math.sqrt(${slot(1, size)} + ${eps}) / Math.sqrt(r + ${eps})) * g;
        s[i] = r;
        ${slot(1, size)} = ${rho} * ${slot(1, size)} + ${1 - rho} * delta * delta;
        p[i] -= lr * delta;`;
    },
  },
  /**
   * Seed 000 algorithm 4.5: r ← ρr + (1 − ρ)g²; θ ← θ − lr·g/√(δ + r). With momentum α:
   * v ← αv − lr·g/√(δ + r); θ ← θ + v. With Nesterov (algorithm 4.6) the model holds the
   * look-ahead point θ̃ = θ + αv, so θ̃ ← θ̃ + (1 + α)v − α·v_old.
   */
  rmsprop: {
    slots: (a) => [
      { name: "square_average", fill: 0 },
      ...(num(a, "momentum") === 0 ? [] : [{ name: "velocity", fill: 0 }]),
    ],
    rule: (a) =>
      num(a, "momentum") === 0
        ? "r ← ρr + (1−ρ)g²; θ ← θ − lr·g/√(δ + r)"
        : flag(a, "nesterov")
          ? "r ← ρr + (1−ρ)g²; v ← αv − lr·g/√(δ + r); θ̃ ← θ̃ + (1+α)v − α·v_old (θ̃ = θ + αv, seed 000 algorithm 4.6)"
          : "r ← ρr + (1−ρ)g²; v ← αv − lr·g/√(δ + r); θ ← θ + v",
    update(a, size) {
      const rho = num(a, "rho");
      const alpha = num(a, "momentum");
      const average = `
        const r = ${rho} * s[i] + ${1 - rho} * g * g;
        s[i] = r;
        const scaled = (lr * g) / Math.sqrt(${num(a, "eps")} + r);`;
      if (alpha === 0) return `${average}\np[i] -= scaled;`;
      const velocity = slot(1, size);
      const apply = flag(a, "nesterov")
        ? `p[i] += ${1 + alpha} * v - ${alpha} * previous;`
        : "p[i] += v;";
      return `${average}
        const previous = ${velocity};
        const v = ${alpha} * previous - scaled;
        ${apply}
        ${velocity} = v;`;
    },
  },
  /** Seed 000 algorithm 4.7 / seed 001, δ after the root (PyTorch, the Adam paper): θ ← θ − lr·ŝ/(√r̂ + δ). */
  adam: {
    slots: () => [
      { name: "first_moment", fill: 0 },
      { name: "second_moment", fill: 0 },
    ],
    rule: () =>
      "s ← ρ1 s + (1−ρ1)g; r ← ρ2 r + (1−ρ2)g²; θ ← θ − lr·ŝ/(√r̂ + δ), ŝ = s/(1−ρ1ᵗ), r̂ = r/(1−ρ2ᵗ)",
    prologue: (a) => `
      const firstCorrection = 1 - Math.pow(${num(a, "beta1")}, t);
      const secondCorrection = 1 - Math.pow(${num(a, "beta2")}, t);`,
    update(a, size) {
      const b1 = num(a, "beta1");
      const b2 = num(a, "beta2");
      return `
        const m = ${b1} * s[i] + ${1 - b1} * g;
        const r = ${b2} * ${slot(1, size)} + ${1 - b2} * g * g;
        s[i] = m;
        ${slot(1, size)} = r;
        p[i] -= (lr * (m / firstCorrection)) / (Math.sqrt(r / secondCorrection) + ${num(a, "eps")});`;
    },
  },
  /** Seed 001: m ← γ1 m + (1−γ1)g; u ← max(γ2 u, |g|); θ ← θ − lr/(1−γ1ᵗ)·m/(u + ξ). */
  adamax: {
    slots: () => [
      { name: "first_moment", fill: 0 },
      { name: "infinity_norm", fill: 0 },
    ],
    rule: () => "m ← γ1 m + (1−γ1)g; u ← max(γ2 u, |g|); θ ← θ − lr·m̂/(u + ξ)",
    prologue: (a) => `const firstCorrection = 1 - Math.pow(${num(a, "beta1")}, t);`,
    update(a, size) {
      const b1 = num(a, "beta1");
      return `
        const m = ${b1} * s[i] + ${1 - b1} * g;
        const u = Math.max(${num(a, "beta2")} * ${slot(1, size)}, Math.abs(g));
        s[i] = m;
        ${slot(1, size)} = u;
        p[i] -= ((lr / firstCorrection) * m) / (u + ${num(a, "eps")});`;
    },
  },
  /** Seed 001: θ ← θ − lr/(√v̂ + ξ)·[γ1 m̂ + (1−γ1)g/(1−γ1ᵗ)] (Dozat's form without a momentum schedule). */
  nadam: {
    slots: () => [
      { name: "first_moment", fill: 0 },
      { name: "second_moment", fill: 0 },
    ],
    rule: () => "m, v as Adam; θ ← θ − lr/(√v̂ + ξ)·[γ1 m̂ + (1−γ1)g/(1−γ1ᵗ)]",
    prologue: (a) => `
      const firstCorrection = 1 - Math.pow(${num(a, "beta1")}, t);
      const secondCorrection = 1 - Math.pow(${num(a, "beta2")}, t);`,
    update(a, size) {
      const b1 = num(a, "beta1");
      const b2 = num(a, "beta2");
      return `
        const m = ${b1} * s[i] + ${1 - b1} * g;
        const r = ${b2} * ${slot(1, size)} + ${1 - b2} * g * g;
        s[i] = m;
        ${slot(1, size)} = r;
        const lookAhead = (${b1} * m + ${1 - b1} * g) / firstCorrection;
        p[i] -= (lr * lookAhead) / (Math.sqrt(r / secondCorrection) + ${num(a, "eps")});`;
    },
  },
};

export function optimizerLearningRate(args: Args): number {
  return num(args, "lr");
}

export function optimizerWeightDecay(args: Args): number {
  return num(args, "weight_decay");
}

export function isDecoupled(args: Args): boolean {
  return flag(args, "decoupled");
}
