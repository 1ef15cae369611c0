import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";

/**
 * prelu (seed 001): x for x > 0, alpha·x otherwise, one learned slope per channel (the
 * batch's dim 1) or one shared. F.prelu computes exactly that; the module holds the slope
 * under netc's name, `alpha` (nn.PReLU calls it weight).
 */
const PReLU = `class PReLU(nn.Module):
    """Parametric ReLU: x for x > 0, alpha·x otherwise (seed 001)."""

    def __init__(self, slopes):
        super().__init__()
        self.alpha = nn.Parameter(torch.empty(slopes))

    def forward(self, x):
        return F.prelu(x, self.alpha)`;

export const preluPytorch: PytorchKindEmitter<ResolvedAttrsOf<"prelu">> = {
  classes: { PReLU },
  module: (node) => `PReLU(${node.params.find((p) => p.name === "alpha")!.shape[0]})`,
  forward: (_node, ctx) => `${ctx.module}(${ctx.input()})`,
};
