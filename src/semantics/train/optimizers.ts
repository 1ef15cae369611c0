import type { ParamSpec } from "../../layers/shared/definition.js";
import type { TrainEntry } from "./entries.js";

const lr = (value: number, doc = "Learning rate ε."): ParamSpec => ({
  name: "lr",
  type: { kind: "float", min: 0, minExclusive: true },
  default: value,
  doc,
});
const float = (name: string, value: number, doc: string): ParamSpec => ({
  name,
  type: { kind: "float", min: 0 },
  default: value,
  doc,
});
const weightDecay = float(
  "weight_decay",
  0,
  "Weight decay λ: added to the gradient as λθ (seed 001's L2 step w ← (1 − ηλ)w − η∂L/∂w), or decoupled.",
);
/**
 * AdamW-style decoupled decay (Loshchilov & Hutter), for every optimizer: with `decoupled =
 * true`, θ ← θ − lr·weight_decay·θ is applied directly before the optimizer's own step,
 * instead of adding weight_decay·θ to the gradient the optimizer then rescales.
 */
const decoupled: ParamSpec = {
  name: "decoupled",
  type: { kind: "bool" },
  default: false,
  doc: "Apply weight_decay as decoupled decay θ ← θ − lr·λ·θ (AdamW) rather than through the gradient.",
};

/**
 * Optimizers with the defaults of the seeds (000's algorithm boxes, 001's list); where a
 * seed is silent, PyTorch's. Noted differences: seed 000 gives Adam ρ2 = 0.99, seed 001
 * and the Adam paper 0.999 (used here); AdaGrad's δ is seed 000's 1e-7; RMSProp's δ is
 * seed 000's 1e-6 and ρ seed 001's 0.9.
 */
export const optimizers: readonly TrainEntry[] = [
  {
    name: "sgd",
    doc: "Stochastic gradient descent with optional momentum (v ← αv − εg; θ ← θ + v), Nesterov momentum, dampening and weight decay.",
    source: "seed 000 algorithms 4.1–4.3, seed 001",
    params: [
      lr(0.01),
      float("momentum", 0, "Momentum α (0.9 is usual, seed 001)."),
      float("dampening", 0, "Dampening of the momentum."),
      weightDecay,
      {
        name: "nesterov",
        type: { kind: "bool" },
        default: false,
        doc: "Nesterov momentum (seed 000 algorithm 4.3).",
      },
      decoupled,
    ],
  },
  {
    name: "adagrad",
    doc: "AdaGrad: r ← r + g⊙g; θ ← θ − ε/(δ + √r) ⊙ g.",
    source: "seed 000 algorithm 4.4 (δ ≈ 1e-7), seed 001 (η = 0.01)",
    params: [
      lr(0.01),
      float("eps", 1e-7, "δ for numerical stability."),
      float("initial_accumulator", 0, "Initial value of r."),
      weightDecay,
      decoupled,
    ],
  },
  {
    name: "adadelta",
    doc: "AdaDelta: Δθ = −RMS[Δθ]_{t−1}/RMS[g]_t ⊙ g, scaled by lr.",
    source: "seed 001 (γ), PyTorch (lr 1.0, ε 1e-6)",
    params: [
      lr(1),
      float("rho", 0.9, "Decay γ of the running averages."),
      float("eps", 1e-6, "ε inside the RMS."),
      weightDecay,
      decoupled,
    ],
  },
  {
    name: "rmsprop",
    doc: "RMSProp: r ← ρr + (1−ρ)g⊙g; θ ← θ − ε/√(δ + r) ⊙ g; with momentum α, or Nesterov momentum (seed 000 algorithm 4.6).",
    source: "seed 000 algorithms 4.5–4.6 (δ = 1e-6), seed 001 (γ = 0.9, η = 0.001)",
    params: [
      lr(0.001),
      float("rho", 0.9, "Decay rate ρ."),
      float("eps", 1e-6, "δ for numerical stability."),
      float("momentum", 0, "Momentum α."),
      {
        name: "nesterov",
        type: { kind: "bool" },
        default: false,
        doc: "Nesterov momentum (algorithm 4.6).",
      },
      weightDecay,
      decoupled,
    ],
  },
  {
    name: "adam",
    doc: "Adam with bias-corrected moments: s ← ρ1 s + (1−ρ1)g, r ← ρ2 r + (1−ρ2)g⊙g, θ ← θ − ε ŝ/(√r̂ + δ). `decoupled = true` gives AdamW.",
    source: "seed 000 algorithm 4.7, seed 001 (γ1 0.9, γ2 0.999, ξ 1e-8)",
    params: [
      lr(0.001),
      float("beta1", 0.9, "ρ1, decay of the first moment."),
      float("beta2", 0.999, "ρ2, decay of the second moment."),
      float("eps", 1e-8, "δ for numerical stability."),
      weightDecay,
      decoupled,
    ],
  },
  {
    name: "adamax",
    doc: "AdaMax: the infinity-norm variant of Adam, v ← max(ρ2 v, |g|).",
    source: "seed 001 (γ1 0.9, γ2 0.999, η 0.002)",
    params: [
      lr(0.002),
      float("beta1", 0.9, "ρ1."),
      float("beta2", 0.999, "ρ2."),
      float("eps", 1e-8, "ξ."),
      weightDecay,
      decoupled,
    ],
  },
  {
    name: "nadam",
    doc: "Nadam: Adam with Nesterov momentum on the first moment.",
    source: "seed 001 (formula), PyTorch (lr 0.002)",
    params: [
      lr(0.002),
      float("beta1", 0.9, "ρ1."),
      float("beta2", 0.999, "ρ2."),
      float("eps", 1e-8, "ξ."),
      weightDecay,
      decoupled,
    ],
  },
];
