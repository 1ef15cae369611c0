import type { TrainEntry } from "./entries.js";

/**
 * Learning-rate schedules, stepped once per epoch: k counts epochs from 0, and ε_0 is the
 * optimizer's `lr`. (Seed 000 states the linear decay per iteration; netc's schedules all
 * step per epoch, so τ is in epochs.)
 */
export const schedules: readonly TrainEntry[] = [
  { name: "constant", doc: "The optimizer's lr throughout (seed 000's fixed ε).", params: [] },
  {
    name: "step",
    doc: "Multiply the lr by gamma every `every` epochs: ε_k = ε_0·gamma^⌊k/every⌋ (PyTorch's StepLR).",
    source: "PyTorch StepLR (gamma 0.1); the seeds give no step schedule",
    params: [
      { name: "every", type: { kind: "int", min: 1 }, doc: "Epochs between decays." },
      { name: "gamma", type: { kind: "float", min: 0 }, default: 0.1, doc: "Decay factor." },
    ],
  },
  {
    name: "linear",
    doc: "Linear decay to epoch τ, then constant: ε_k = (1 − α)ε_0 + αε_τ with α = k/τ (seed 000).",
    source:
      "seed 000 §随机梯度下降 (the formula; it gives no ε_τ, so final = 0.01, the 1% that the Deep Learning book it follows recommends)",
    params: [
      { name: "tau", type: { kind: "int", min: 1 }, doc: "The epoch τ where the decay ends." },
      {
        name: "final",
        type: { kind: "float", min: 0 },
        default: 0.01,
        doc: "ε_τ as a fraction of ε_0.",
      },
    ],
  },
  {
    name: "cosine",
    doc: "Cosine annealing: ε_k = ε_min + ½(ε_0 − ε_min)(1 + cos(πk/T)) (seed 003).",
    source: "seed 003: CosineAnnealingLR(optimizer, T_max = 200, eta_min = 0)",
    params: [
      { name: "t_max", type: { kind: "int", min: 1 }, doc: "The half-period T in epochs." },
      {
        name: "eta_min",
        type: { kind: "float", min: 0 },
        default: 0,
        doc: "The minimum learning rate.",
      },
    ],
  },
  {
    name: "exponential",
    doc: "ε_k = ε_0 · gamma^k (PyTorch's ExponentialLR; gamma is required, as there).",
    source: "PyTorch ExponentialLR; the seeds give no exponential schedule",
    params: [
      {
        name: "gamma",
        type: { kind: "float", min: 0, minExclusive: true },
        doc: "Decay factor per epoch.",
      },
    ],
  },
];
