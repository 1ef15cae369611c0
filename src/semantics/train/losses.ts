import type { LossEntry } from "./entries.js";

/**
 * The losses of seed 001 (§3.2 损失函数: logistic, NLL, cross-entropy, MSE = L2, RMSE,
 * MAE = L1, MSLE, Huber, log-cosh, KL divergence, hinge), and seed 000's label smoothing.
 * Classification losses take class indices as targets.
 */
export const losses: readonly LossEntry[] = [
  {
    name: "cross_entropy",
    doc: "Softmax cross-entropy from logits (PyTorch's CrossEntropyLoss), with optional label smoothing (seed 000: targets ε/(k−1) and 1−ε).",
    params: [
      {
        name: "label_smoothing",
        type: { kind: "float", min: 0, max: 1 },
        default: 0,
        doc: "ε of label smoothing.",
      },
    ],
    expects: "logits",
    classification: true,
    accepts: ["logits", "log_probabilities"],
  },
  {
    name: "nll",
    doc: "Negative log-likelihood of log-probabilities (after log_softmax).",
    params: [],
    expects: "log_probabilities",
    classification: true,
    // probabilities too: a softmax before nll is not NET0501's double softmax (nll applies none)
    accepts: ["logits", "log_probabilities", "probabilities"],
  },
  {
    name: "hinge",
    doc: "Multi-class hinge loss Σ_{j≠y} max(0, margin − s_y + s_j) (seed 001).",
    params: [{ name: "margin", type: { kind: "float", min: 0 }, default: 1, doc: "The margin." }],
    expects: "logits",
    classification: true,
    accepts: ["logits", "log_probabilities"],
  },
  {
    name: "binary_cross_entropy",
    aliases: ["bce", "logistic"],
    doc: "Binary cross-entropy, seed 001's logistic loss −[y·log ŷ + (1 − y)·log(1 − ŷ)] on sigmoid probabilities, per output (targets in [0, 1]). Also `bce`, `logistic`.",
    params: [],
    expects: "probabilities",
    classification: false,
  },
  { name: "mse", doc: "Mean squared error.", params: [], expects: "values", classification: false },
  {
    name: "rmse",
    doc: "Root mean squared error.",
    params: [],
    expects: "values",
    classification: false,
  },
  {
    name: "mae",
    doc: "Mean absolute error.",
    params: [],
    expects: "values",
    classification: false,
  },
  {
    name: "msle",
    doc: "Mean squared logarithmic error, (log(1+ŷ) − log(1+y))².",
    params: [],
    expects: "values",
    classification: false,
  },
  {
    name: "huber",
    doc: "Huber loss (seed 001): ½e² for |e| ≤ δ, δ(|e| − ½δ) beyond (PyTorch's HuberLoss, δ = 1).",
    params: [
      {
        name: "delta",
        type: { kind: "float", min: 0, minExclusive: true },
        default: 1,
        doc: "δ, where the loss turns linear.",
      },
    ],
    expects: "values",
    classification: false,
  },
  {
    name: "log_cosh",
    doc: "log(cosh(ŷ − y)).",
    params: [],
    expects: "values",
    classification: false,
  },
  {
    name: "kl_div",
    doc: "Kullback–Leibler divergence Σ y·log(y/ŷ) of probability outputs.",
    params: [],
    expects: "probabilities",
    classification: false,
  },
];
