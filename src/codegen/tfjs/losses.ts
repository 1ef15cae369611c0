import type { AttrValue } from "../../ir/ir.js";
import { numberArg } from "../common/args.js";

/**
 * The losses the tfjs backend emits, as data: each maps the train section's
 * `loss = name(args)` to a TypeScript expression over `output` (the model's last
 * layer, [n, k]) and `target`. `targets: "classes"` losses receive the class indices
 * as an int32 tensor [n]; `"values"` losses receive a float tensor shaped like the
 * output (class labels are one-hot encoded for them). Formulas are those of the train entries
 * (src/semantics/train/losses.ts, seed 001); element-wise losses take the mean over
 * every element (n·k), class losses the mean over the batch of a per-sample sum.
 */
export interface TfjsLoss {
  targets: "classes" | "values";
  expression(args: Readonly<Record<string, AttrValue>>): string;
  doc: string;
}

export const tfjsLosses: Readonly<Record<string, TfjsLoss>> = {
  cross_entropy: {
    targets: "classes",
    doc: "softmax cross-entropy from logits, −Σ_j q_j·log softmax(z)_j, with label smoothing ε as seed 000 gives it: q = 1 − ε for the label and ε/(k − 1) for the others",
    expression: (args) => {
      const smoothing = numberArg(args, "label_smoothing");
      const hot =
        smoothing === 0
          ? "oneHot"
          : `tf.add(tf.mul(oneHot, ${1 - smoothing}), tf.mul(tf.sub(1, oneHot), ${smoothing} / (classes - 1)))`;
      return `tf.neg(tf.mean(tf.sum(tf.mul(${hot}, tf.logSoftmax(output)), -1)))`;
    },
  },
  nll: {
    targets: "classes",
    doc: "negative log-likelihood of log-probabilities, −z_label (PyTorch's NLLLoss; pair with log_softmax)",
    expression: () => "tf.neg(tf.mean(tf.sum(tf.mul(oneHot, output), -1)))",
  },
  hinge: {
    targets: "classes",
    doc: "multi-class hinge Σ_{j≠y} max(0, margin − s_y + s_j), mean over the batch (seed 001)",
    expression: (args) => {
      const margin = numberArg(args, "margin");
      // the j = y term is max(0, margin) = margin for every sample; subtracting it leaves Σ_{j≠y}
      return `tf.sub(tf.mean(tf.sum(tf.relu(tf.add(tf.sub(${margin}, tf.sum(tf.mul(oneHot, output), -1, true)), output)), -1)), ${margin})`;
    },
  },
  binary_cross_entropy: {
    targets: "values",
    doc: "binary cross-entropy −[y·log ŷ + (1 − y)·log(1 − ŷ)] of probabilities (seed 001's logistic loss; pair with sigmoid), logs clamped at −100 as PyTorch's BCELoss",
    expression: () =>
      "tf.neg(tf.mean(tf.add(tf.mul(target, tf.maximum(tf.log(output), -100)), tf.mul(tf.sub(1, target), tf.maximum(tf.log(tf.sub(1, output)), -100)))))",
  },
  mse: {
    targets: "values",
    doc: "mean squared error (ŷ − y)² over every element",
    expression: () => "tf.mean(tf.square(tf.sub(output, target)))",
  },
  rmse: {
    targets: "values",
    doc: "square root of the mean squared error",
    expression: () => "tf.sqrt(tf.mean(tf.square(tf.sub(output, target))))",
  },
  mae: {
    targets: "values",
    doc: "mean absolute error |ŷ − y|",
    expression: () => "tf.mean(tf.abs(tf.sub(output, target)))",
  },
  msle: {
    targets: "values",
    doc: "mean squared logarithmic error (log(1 + ŷ) − log(1 + y))²",
    expression: () => "tf.mean(tf.square(tf.sub(tf.log1p(output), tf.log1p(target))))",
  },
  huber: {
    targets: "values",
    doc: "Huber loss: ½e² for |e| ≤ δ, δ(|e| − ½δ) beyond (PyTorch's HuberLoss)",
    expression: (args) => {
      const delta = numberArg(args, "delta");
      // q = min(|e|, δ): ½q² + δ(|e| − q) is both branches in one expression
      return `((e: tf.Tensor) => ((q: tf.Tensor) => tf.mean(tf.add(tf.mul(0.5, tf.square(q)), tf.mul(${delta}, tf.sub(e, q)))))(tf.minimum(e, ${delta})))(tf.abs(tf.sub(output, target)))`;
    },
  },
  log_cosh: {
    targets: "values",
    doc: "mean of log(cosh(ŷ − y)), computed as |e| + log(1 + e^(−2|e|)) − log 2 so that large errors do not overflow",
    expression: () =>
      `((e: tf.Tensor) => tf.mean(tf.sub(tf.add(e, tf.log1p(tf.exp(tf.mul(-2, e)))), ${Math.LN2})))(tf.abs(tf.sub(output, target)))`,
  },
  kl_div: {
    targets: "values",
    doc: "Kullback–Leibler divergence Σ_j y_j·log(y_j/ŷ_j) of probability outputs (0·log 0 = 0), summed over outputs and averaged over the batch",
    expression: () =>
      "tf.mean(tf.sum(tf.mul(target, tf.sub(tf.log(tf.maximum(target, 1e-30)), tf.maximum(tf.log(output), -100))), -1))",
  },
};
