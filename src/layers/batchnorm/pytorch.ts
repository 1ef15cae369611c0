import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { pythonFloat } from "../../codegen/common/escape.js";
import { call } from "../../codegen/pytorch/python-layout.js";
import { channelsIn } from "../../codegen/pytorch/layer-helpers.js";

/**
 * batchnorm: a small module around PyTorch's own kernel (F.batch_norm, as nn.BatchNorm1d/2d
 * use), with the IR's tensor names — gamma, beta, running_mean, running_var — so that its
 * state_dict() keys are netc's (nn.BatchNorm2d would say weight and bias, and add a
 * num_batches_tracked counter that no other backend has). Training normalises with the
 * batch's biased variance and moves the running variance toward the unbiased one.
 */
const BatchNorm = `class BatchNorm(nn.Module):
    """Batch normalization per channel (netc's batchnorm, PyTorch's arithmetic)."""

    def __init__(self, channels, eps, momentum):
        super().__init__()
        self.eps = eps
        self.momentum = momentum
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x):
        return F.batch_norm(
            x,
            self.running_mean,
            self.running_var,
            self.gamma,
            self.beta,
            self.training,
            self.momentum,
            self.eps,
        )`;

export const batchnormPytorch: PytorchKindEmitter<ResolvedAttrsOf<"batchnorm">> = {
  classes: { BatchNorm },
  module: (node) =>
    call("BatchNorm", [
      String(channelsIn(node)),
      `eps=${pythonFloat(node.attrs.eps as number)}`,
      `momentum=${pythonFloat(node.attrs.momentum as number)}`,
    ]),
  forward: (_node, ctx) => `${ctx.module}(${ctx.input()})`,
};
