import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { pythonFloat } from "../../codegen/common/escape.js";
import { call } from "../../codegen/pytorch/python-layout.js";
import { channelsIn } from "../../codegen/pytorch/layer-helpers.js";

/**
 * groupnorm: a small module around PyTorch's own kernel (F.group_norm, as nn.GroupNorm
 * uses), with the IR's tensor names gamma and beta so that its state_dict() keys are
 * netc's (nn.GroupNorm would say weight and bias). The same in training and evaluation.
 */
const GroupNorm = `class GroupNorm(nn.Module):
    """Group normalization (netc's groupnorm, PyTorch's arithmetic)."""

    def __init__(self, groups, channels, eps):
        super().__init__()
        self.groups = groups
        self.eps = eps
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))

    def forward(self, x):
        return F.group_norm(x, self.groups, self.gamma, self.beta, self.eps)`;

export const groupnormPytorch: PytorchKindEmitter<ResolvedAttrsOf<"groupnorm">> = {
  classes: { GroupNorm },
  module: (node) =>
    call("GroupNorm", [
      String(node.attrs.groups),
      String(channelsIn(node)),
      `eps=${pythonFloat(node.attrs.eps)}`,
    ]),
  forward: (_node, ctx) => `${ctx.module}(${ctx.input()})`,
};
