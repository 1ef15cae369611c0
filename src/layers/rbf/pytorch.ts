import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { call } from "../../codegen/pytorch/python-layout.js";

/**
 * rbf, LeNet-5's Euclidean RBF output (seed 004): y_u = Σ_j (x_j − w_uj)², one centre per
 * unit in weight [units, in]; `negate` outputs −Σ(x − w)², the logit of LeCun's MAP
 * criterion, so that cross_entropy trains it.
 */
const RBF = `class RBF(nn.Module):
    """Euclidean RBF units: y_u = Σ_j (x_j − w_uj)², negated when \`negate\` (seed 004)."""

    def __init__(self, in_features, units, negate):
        super().__init__()
        self.negate = negate
        self.weight = nn.Parameter(torch.empty(units, in_features))

    def forward(self, x):
        distances = (x.unsqueeze(1) - self.weight).pow(2).sum(dim=2)
        return -distances if self.negate else distances`;

export const rbfPytorch: PytorchKindEmitter<ResolvedAttrsOf<"rbf">> = {
  classes: { RBF },
  module: (node) =>
    call("RBF", [
      String(node.inputShapes[0]![0]),
      String(node.outputShape[0]),
      `negate=${node.attrs.negate === true ? "True" : "False"}`,
    ]),
  forward: (_node, ctx) => `${ctx.module}(${ctx.input()})`,
};
