import type { AttrValue } from "../../ir/ir.js";
import { numberArg as num } from "../common/args.js";

/**
 * The losses the loops backend writes out, as a registry: each entry emits the body of
 * the generated model's `lossInto(labels, n)`, which reads the logits `out`
 * (n × `outputs` values), the `labels`, writes d(mean loss)/d(logits) into `grad` and
 * returns the mean loss over the batch. Adding a loss is adding an entry here.
 *
 * Labels: "class" losses take one class index per sample; "target" losses take one
 * target per output value (n × outputs numbers), or class indices which they one-hot
 * encode (so `mse` trains a classifier the way seed 004's one-hot targets do).
 */
export interface LoopsLoss {
  labels: "class" | "target";
  /** Formula for the README and the emitted comment. */
  formula: string;
  emit(outputs: number, args: Readonly<Record<string, AttrValue>>): string;
}

/** Reads the target of output `j` of sample `b` into `t` (dense targets or one-hot of a class index). */
function targetOf(outputs: number): string {
  return `const t = dense ? labels[b * ${outputs} + j] : labels[b] === j ? 1 : 0;`;
}

/** Element-wise losses share one loop: `value` and `slope` (d loss/d y) are expressions of y, t and d = y − t. */
function elementwise(outputs: number, value: string, slope: string): string {
  return `
    const dense = labels.length >= n * ${outputs} && ${outputs} > 1;
    let total = 0;
    const scale = 1 / (n * ${outputs});
    for (let b = 0; b < n; b++) {
      for (let j = 0; j < ${outputs}; j++) {
        ${targetOf(outputs)}
        const y = out[b * ${outputs} + j];
        const d = y - t;
        total += ${value};
        grad[b * ${outputs} + j] = (${slope}) * scale;
      }
    }
    return total * scale;`;
}

/**
 * Class losses' loop: for each sample, `body` reads the logits row at `base` and the class
 * `label`, adds its loss to `total` and writes its gradient (already divided by n).
 */
function perSample(outputs: number, body: string): string {
  return `
    let total = 0;
    for (let b = 0; b < n; b++) {
      const base = b * ${outputs};
      const label = labels[b];
      ${body}
    }
    return total / n;`;
}

/**
 * The losses of the train entries (src/semantics/train/losses.ts, seed 001) with the tfjs backend's
 * exact definitions (src/codegen/tfjs/losses.ts), so both backends minimise the same
 * number: element-wise losses are means over every element (n·k), class losses and kl_div
 * means over the batch of a per-sample sum.
 */
export const loopsLosses: Readonly<Record<string, LoopsLoss>> = {
  cross_entropy: {
    labels: "class",
    formula:
      "−Σ_j q_j log softmax(z)_j with seed 000's label smoothing ε: q = 1 − ε for the label, ε/(k − 1) for the others; mean over the batch",
    emit(outputs, args) {
      const smoothing = num(args, "label_smoothing");
      const onTarget = 1 - smoothing;
      const offTarget = outputs > 1 ? smoothing / (outputs - 1) : 0;
      return perSample(
        outputs,
        `// log-sum-exp with the maximum subtracted (seed 001): finite for any logits
        let max = -Infinity;
        for (let j = 0; j < ${outputs}; j++) max = Math.max(max, out[base + j]);
        let sum = 0;
        for (let j = 0; j < ${outputs}; j++) sum += Math.exp(out[base + j] - max);
        const logSum = max + Math.log(sum);
        for (let j = 0; j < ${outputs}; j++) {
          const target = j === label ? ${onTarget} : ${offTarget};
          ${offTarget === 0 ? "if (j === label) total -= out[base + j] - logSum;" : "total -= target * (out[base + j] - logSum);"}
          grad[base + j] = (Math.exp(out[base + j] - logSum) - target) / n;
        }`,
      );
    },
  },
  nll: {
    labels: "class",
    formula:
      "−z_label (the model outputs log-probabilities, e.g. ends in log_softmax); mean over the batch",
    emit: (outputs) =>
      perSample(
        outputs,
        `for (let j = 0; j < ${outputs}; j++) grad[base + j] = 0;
        total -= out[base + label];
        grad[base + label] = -1 / n;`,
      ),
  },
  hinge: {
    labels: "class",
    formula: "multi-class hinge Σ_{j≠y} max(0, margin − z_y + z_j) (seed 001); mean over the batch",
    emit(outputs, args) {
      const margin = num(args, "margin");
      return perSample(
        outputs,
        `const correct = out[base + label];
        let active = 0;
        for (let j = 0; j < ${outputs}; j++) {
          const violation = j === label ? 0 : ${margin} - correct + out[base + j];
          if (violation > 0) {
            total += violation;
            active++;
            grad[base + j] = 1 / n;
          } else grad[base + j] = 0;
        }
        grad[base + label] = -active / n;`,
      );
    },
  },
  binary_cross_entropy: {
    labels: "target",
    formula:
      "−[t·log ŷ + (1 − t)·log(1 − ŷ)] of probabilities (seed 001's logistic loss), logs clamped at −100 as PyTorch's BCELoss; mean over every element",
    emit: (outputs) =>
      elementwise(
        outputs,
        "-(t * Math.max(Math.log(y), -100) + (1 - t) * Math.max(Math.log(1 - y), -100))",
        "(Math.log(y) >= -100 ? -t / y : 0) + (Math.log(1 - y) >= -100 ? (1 - t) / (1 - y) : 0)",
      ),
  },
  mse: {
    labels: "target",
    formula: "mean over batch and outputs of (y − t)²",
    emit: (outputs) => elementwise(outputs, "d * d", "2 * d"),
  },
  rmse: {
    labels: "target",
    formula: "√(mean over batch and outputs of (y − t)²)",
    emit: (outputs) => `
      const dense = labels.length >= n * ${outputs} && ${outputs} > 1;
      let total = 0;
      for (let b = 0; b < n; b++) {
        for (let j = 0; j < ${outputs}; j++) {
          ${targetOf(outputs)}
          const d = out[b * ${outputs} + j] - t;
          total += d * d;
          grad[b * ${outputs} + j] = d;
        }
      }
      const root = Math.sqrt(total / (n * ${outputs}));
      // d√m/dy = (y − t)/(N·√m), N = n·${outputs}; 0 when every error is 0
      const scale = root > 0 ? 1 / (n * ${outputs} * root) : 0;
      for (let i = 0; i < n * ${outputs}; i++) grad[i] *= scale;
      return root;`,
  },
  mae: {
    labels: "target",
    formula: "mean over batch and outputs of |y − t|",
    emit: (outputs) => elementwise(outputs, "Math.abs(d)", "Math.sign(d)"),
  },
  msle: {
    labels: "target",
    formula: "mean over batch and outputs of (log(1 + y) − log(1 + t))²",
    emit: (outputs) =>
      elementwise(
        outputs,
        "(Math.log1p(y) - Math.log1p(t)) ** 2",
        "(2 * (Math.log1p(y) - Math.log1p(t))) / (1 + y)",
      ),
  },
  huber: {
    labels: "target",
    formula: "mean of ½d² for |d| ≤ δ, else δ(|d| − ½δ) (PyTorch's HuberLoss)",
    emit(outputs, args) {
      const delta = num(args, "delta");
      return elementwise(
        outputs,
        `Math.abs(d) <= ${delta} ? 0.5 * d * d : ${delta} * (Math.abs(d) - ${delta / 2})`,
        `Math.abs(d) <= ${delta} ? d : ${delta} * Math.sign(d)`,
      );
    },
  },
  log_cosh: {
    labels: "target",
    formula:
      "mean of log(cosh(y − t)), computed as |d| + log(1 + e^(−2|d|)) − log 2 so that large errors do not overflow",
    emit: (outputs) =>
      elementwise(
        outputs,
        `Math.abs(d) + Math.log1p(Math.exp(-2 * Math.abs(d))) - ${Math.LN2}`,
        "Math.tanh(d)",
      ),
  },
  kl_div: {
    labels: "target",
    formula:
      "Σ_j t_j·log(t_j/ŷ_j) of probability outputs (0·log 0 = 0, log ŷ clamped at −100), summed over outputs and averaged over the batch",
    emit: (outputs) => `
      const dense = labels.length >= n * ${outputs} && ${outputs} > 1;
      let total = 0;
      for (let b = 0; b < n; b++) {
        for (let j = 0; j < ${outputs}; j++) {
          ${targetOf(outputs)}
          const p = out[b * ${outputs} + j];
          const logP = Math.log(p);
          total += t * (Math.log(Math.max(t, 1e-30)) - Math.max(logP, -100));
          grad[b * ${outputs} + j] = logP >= -100 ? -t / p / n : 0;
        }
      }
      return total / n;`,
  },
};

export function loopsLossNames(): string[] {
  return Object.keys(loopsLosses);
}
