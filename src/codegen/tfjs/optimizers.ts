import { literal } from "./naming.js";
import { type Args, flagArg as flag, numberArg as num } from "../common/args.js";

/**
 * The optimizers of the train entries (src/semantics/train/optimizers.ts), written out as tf
 * ops rather than taken from tf.train: tfjs' own differ from the seeds' rules (its
 * RMSProp puts δ outside the root and has no Nesterov form, its AdaGrad starts the
 * accumulator at 0.1 and adds no δ, it has no dampening, no Nadam and no decoupled
 * decay). Each entry gives its slot tensors (per parameter tensor, same shape) and the
 * body of the generated `updateTensor(p, g, s, lr, t)`:
 *   p  the parameter (tf.Variable), g its gradient (penalties, clipping and coupled
 *   weight decay already applied), s the slots, lr the step's learning rate (schedule ×
 *   the tensor's lr_mult), t the step count (1 on the first step).
 * Arguments arrive with their defaults filled in by the checker.
 */
export interface TfjsOptimizer {
  /** Slot tensors per parameter tensor: name and initial fill. */
  slots(args: Args): { name: string; fill: number }[];
  /** The rule as TypeScript statements over p, g, s, lr, t. */
  update(args: Args): string;
  /** The algorithm in one line, for the generated comment. */
  rule(args: Args): string;
}

const n = literal;

export const tfjsOptimizers: Readonly<Record<string, TfjsOptimizer>> = {
  /**
   * torch.optim.SGD (seed 001): v ← g on the first step, then v ← μv + (1 − d)g; the step
   * is v, or g + μv with Nesterov; θ ← θ − lr·step. With d = 0 and a constant lr this is
   * seed 000's algorithm 4.2 (v ← αv − εg; θ ← θ + v) with v scaled by −ε, and the
   * Nesterov form is algorithm 4.3 with θ stored at the look-ahead point θ + αv.
   */
  sgd: {
    slots: (a) => (num(a, "momentum") === 0 ? [] : [{ name: "velocity", fill: 0 }]),
    rule: (a) =>
      num(a, "momentum") === 0
        ? "θ ← θ − lr·g"
        : `v ← μv + (1 − d)g (v ← g at t = 1); θ ← θ − lr·${flag(a, "nesterov") ? "(g + μv)" : "v"}`,
    update(a) {
      const mu = num(a, "momentum");
      const dampening = num(a, "dampening");
      if (mu === 0) return "p.assign(tf.sub(p, tf.mul(lr, g)));";
      const step = flag(a, "nesterov") ? `tf.add(g, tf.mul(${n(mu)}, v))` : "v";
      return `const v = t === 1 ? g : tf.add(tf.mul(${n(mu)}, s[0]!), tf.mul(${n(1 - dampening)}, g));
      s[0]!.assign(v);
      p.assign(tf.sub(p, tf.mul(lr, ${step})));`;
    },
  },
  /** Seed 000 algorithm 4.4: r ← r + g⊙g; θ ← θ − lr·g/(δ + √r). */
  adagrad: {
    slots: (a) => [{ name: "accumulator", fill: num(a, "initial_accumulator") }],
    rule: () => "r ← r + g²; θ ← θ − lr·g/(δ + √r)",
    update: (a) => `const r = tf.add(s[0]!, tf.square(g));
      s[0]!.assign(r);
      p.assign(tf.sub(p, tf.div(tf.mul(lr, g), tf.add(${n(num(a, "eps"))}, tf.sqrt(r)))));`,
  },
  /**
   * Seed 001's AdaDelta (with PyTorch's lr factor): E[g²] ← ρE[g²] + (1 − ρ)g²;
   * Δ = √(E[Δ²] + ε)/√(E[g²] + ε)·g; E[Δ²] ← ρE[Δ²] + (1 − ρ)Δ²; θ ← θ − lr·Δ.
   */
  adadelta: {
    slots: () => [
      { name: "squared_gradients", fill: 0 },
      { name: "squared_updates", fill: 0 },
    ],
    rule: () =>
      "E[g²] ← ρE[g²] + (1−ρ)g²; Δ = √(E[Δ²]+ε)/√(E[g²]+ε)·g; E[Δ²] ← ρE[Δ²] + (1−ρ)Δ²; θ ← θ − lr·Δ",
    update(a) {
      const rho = num(a, "rho");
      const eps = n(num(a, "eps"));
      return `const r = tf.add(tf.mul(${n(rho)}, s[0]!), tf.mul(${n(1 - rho)}, tf.square(g)));
      const delta = tf.mul(tf.div(tf.sqrt(tf.add(s[1]!, ${eps})), tf.sqrt(tf.add(r, ${eps}))), g);
      s[0]!.assign(r);
      s[1]!.assign(tf.add(tf.mul(${n(rho)}, s[1]!), tf.mul(${n(1 - rho)}, tf.square(delta))));
      p.assign(tf.sub(p, tf.mul(lr, delta)));`;
    },
  },
  /**
   * Seed 000 algorithm 4.5: r ← ρr + (1 − ρ)g⊙g; θ ← θ − lr·g/√(δ + r). With momentum α:
   * v ← αv − lr·g/√(δ + r); θ ← θ + v. With Nesterov (algorithm 4.6, δ kept inside the
   * root for stability): the gradient is taken at θ̃ = θ + αv, and the model stores θ̃
   * itself (Sutskever's reformulation), so θ̃ ← θ̃ + (1 + α)v_new − αv_old.
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
    update(a) {
      const rho = num(a, "rho");
      const alpha = num(a, "momentum");
      const scaled = `tf.div(tf.mul(lr, g), tf.sqrt(tf.add(${n(num(a, "eps"))}, r)))`;
      const average = `const r = tf.add(tf.mul(${n(rho)}, s[0]!), tf.mul(${n(1 - rho)}, tf.square(g)));
      s[0]!.assign(r);`;
      if (alpha === 0) return `${average}\n      p.assign(tf.sub(p, ${scaled}));`;
      const velocity = `const previous = s[1]!;
      const v = tf.sub(tf.mul(${n(alpha)}, previous), ${scaled});`;
      const apply = flag(a, "nesterov")
        ? `p.assign(tf.sub(tf.add(p, tf.mul(${n(1 + alpha)}, v)), tf.mul(${n(alpha)}, previous)));`
        : "p.assign(tf.add(p, v));";
      return `${average}\n      ${velocity}\n      ${apply}\n      s[1]!.assign(v);`;
    },
  },
  /** Seed 000 algorithm 4.7 / seed 001, δ after the root (PyTorch, Adam paper): θ ← θ − lr·ŝ/(√r̂ + δ). */
  adam: {
    slots: () => [
      { name: "first_moment", fill: 0 },
      { name: "second_moment", fill: 0 },
    ],
    rule: () =>
      "s ← ρ1 s + (1−ρ1)g; r ← ρ2 r + (1−ρ2)g²; θ ← θ − lr·ŝ/(√r̂ + δ), ŝ = s/(1−ρ1ᵗ), r̂ = r/(1−ρ2ᵗ)",
    update(a) {
      const b1 = num(a, "beta1");
      const b2 = num(a, "beta2");
      return `const m = tf.add(tf.mul(${n(b1)}, s[0]!), tf.mul(${n(1 - b1)}, g));
      const r = tf.add(tf.mul(${n(b2)}, s[1]!), tf.mul(${n(1 - b2)}, tf.square(g)));
      s[0]!.assign(m);
      s[1]!.assign(r);
      const mHat = tf.div(m, 1 - Math.pow(${n(b1)}, t));
      const rHat = tf.div(r, 1 - Math.pow(${n(b2)}, t));
      p.assign(tf.sub(p, tf.div(tf.mul(lr, mHat), tf.add(tf.sqrt(rHat), ${n(num(a, "eps"))}))));`;
    },
  },
  /** Seed 001: m ← γ1 m + (1−γ1)g; u ← max(γ2 u, |g|); θ ← θ − lr/(1−γ1ᵗ)·m/(u + ξ). */
  adamax: {
    slots: () => [
      { name: "first_moment", fill: 0 },
      { name: "infinity_norm", fill: 0 },
    ],
    rule: () => "m ← γ1 m + (1−γ1)g; u ← max(γ2 u, |g|); θ ← θ − lr·m̂/(u + ξ)",
    update(a) {
      const b1 = num(a, "beta1");
      return `const m = tf.add(tf.mul(${n(b1)}, s[0]!), tf.mul(${n(1 - b1)}, g));
      const u = tf.maximum(tf.mul(${n(num(a, "beta2"))}, s[1]!), tf.abs(g));
      s[0]!.assign(m);
      s[1]!.assign(u);
      p.assign(tf.sub(p, tf.div(tf.mul(lr / (1 - Math.pow(${n(b1)}, t)), m), tf.add(u, ${n(num(a, "eps"))}))));`;
    },
  },
  /** Seed 001: θ ← θ − lr/(√v̂ + ξ)·[γ1 m̂ + (1−γ1)g/(1−γ1ᵗ)] (Dozat's form without a momentum schedule). */
  nadam: {
    slots: () => [
      { name: "first_moment", fill: 0 },
      { name: "second_moment", fill: 0 },
    ],
    rule: () => "m, v as Adam; θ ← θ − lr/(√v̂ + ξ)·[γ1 m̂ + (1−γ1)g/(1−γ1ᵗ)]",
    update(a) {
      const b1 = num(a, "beta1");
      const b2 = num(a, "beta2");
      return `const m = tf.add(tf.mul(${n(b1)}, s[0]!), tf.mul(${n(1 - b1)}, g));
      const r = tf.add(tf.mul(${n(b2)}, s[1]!), tf.mul(${n(1 - b2)}, tf.square(g)));
      s[0]!.assign(m);
      s[1]!.assign(r);
      const correction = 1 - Math.pow(${n(b1)}, t);
      const nesterov = tf.add(tf.mul(${n(b1)} / correction, m), tf.mul(${n(1 - b1)} / correction, g));
      const rHat = tf.div(r, 1 - Math.pow(${n(b2)}, t));
      p.assign(tf.sub(p, tf.div(tf.mul(lr, nesterov), tf.add(tf.sqrt(rHat), ${n(num(a, "eps"))}))));`;
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
