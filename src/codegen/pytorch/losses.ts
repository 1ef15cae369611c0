import { type Args, numberArg as num } from "../common/args.js";
import { loopsLosses } from "../loops/losses.js";
import { pythonFloat } from "../common/escape.js";

/**
 * The losses of the catalogue as the body of train.py's `loss_function(logits, labels)`:
 * the loops backend's definitions (src/codegen/loops/losses.ts, whose formulas the
 * docstring quotes), written as torch expressions whose autograd gradient is the loops
 * backend's hand-written one — clamps where it clamps, the label smoothing of seed 000,
 * element-wise means over n·k values, class losses and kl_div averaged over the batch.
 *
 * `labels` are class indices ([n], int64); target losses also take dense targets [n, k]
 * and otherwise compare with the one-hot encoding of the class (as the loops backend does,
 * so that mse trains a classifier the way seed 004's one-hot targets do).
 */
export interface PytorchLoss {
  labels: "class" | "target";
  /** Statements (4-space indented inside the function) ending in `return <mean loss>`. */
  body(outputs: number, args: Args): string;
}

/** The dense targets of a target loss: given as [n, k], or the one-hot rows of class indices. */
const TARGETS = `targets = labels.to(logits.dtype) if labels.dim() == 2 else one_hot(labels, logits)`;

function elementwise(expression: string): string {
  return `${TARGETS}
d = logits - targets
return ${expression}.mean()`;
}

export const pytorchLosses: Readonly<Record<string, PytorchLoss>> = {
  cross_entropy: {
    labels: "class",
    body(outputs, args) {
      const smoothing = num(args, "label_smoothing");
      if (smoothing === 0) return "return F.cross_entropy(logits, labels)";
      const off = outputs > 1 ? smoothing / (outputs - 1) : 0;
      return `# seed 000's label smoothing: 1 − ε for the label, ε/(k − 1) for each other class
targets = torch.full_like(logits, ${pythonFloat(off)})
targets.scatter_(1, labels.view(-1, 1), ${pythonFloat(1 - smoothing)})
return -(targets * F.log_softmax(logits, dim=1)).sum(dim=1).mean()`;
    },
  },
  nll: { labels: "class", body: () => "return F.nll_loss(logits, labels)" },
  hinge: {
    labels: "class",
    body: (_outputs, args) => `correct = logits.gather(1, labels.view(-1, 1))
violations = F.relu(${pythonFloat(num(args, "margin"))} - correct + logits)
# the label's own class is no violation
violations = violations.scatter(1, labels.view(-1, 1), 0.0)
return violations.sum(dim=1).mean()`,
  },
  binary_cross_entropy: {
    labels: "target",
    body: () => `${TARGETS}
# logs clamped at −100, as PyTorch's BCELoss; the gradient is 0 where the clamp holds
log_p = torch.log(logits).clamp(min=-100)
log_q = torch.log(1 - logits).clamp(min=-100)
return -(targets * log_p + (1 - targets) * log_q).mean()`,
  },
  mse: { labels: "target", body: () => elementwise("(d * d)") },
  rmse: {
    labels: "target",
    body: () => `${TARGETS}
d = logits - targets
mean_square = (d * d).mean()
# √m, with gradient 0 (not 0/0) when every error is 0
positive = mean_square > 0
root = torch.where(positive, mean_square, torch.ones_like(mean_square)).sqrt()
return root * positive`,
  },
  mae: { labels: "target", body: () => elementwise("d.abs()") },
  msle: {
    labels: "target",
    body: () => `${TARGETS}
d = torch.log1p(logits) - torch.log1p(targets)
return (d * d).mean()`,
  },
  huber: {
    labels: "target",
    body: (_outputs, args) => `${TARGETS}
return F.huber_loss(logits, targets, delta=${pythonFloat(num(args, "delta"))})`,
  },
  log_cosh: {
    labels: "target",
    body: () =>
      elementwise("(d.abs() + torch.log1p(torch.exp(-2 * d.abs())) - math.log(2))").replace(
        "return (",
        "# log cosh d = |d| + log(1 + e^(−2|d|)) − log 2, finite for large errors\nreturn (",
      ),
  },
  kl_div: {
    labels: "target",
    body: () => `${TARGETS}
# 0·log 0 = 0, log ŷ clamped at −100
log_t = torch.log(targets.clamp(min=1e-30))
log_p = torch.log(logits).clamp(min=-100)
return (targets * (log_t - log_p)).sum(dim=1).mean()`,
  },
};

/** The loss's formula in words, from the loops backend's registry (one definition). */
export function lossFormula(name: string): string {
  return loopsLosses[name]?.formula ?? name;
}
