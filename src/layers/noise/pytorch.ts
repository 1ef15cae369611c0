import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { pythonFloat } from "../../codegen/common/escape.js";

/** noise (seed 000's input noise injection): x + N(0, std²) while training, the identity otherwise. */
const GaussianNoise = `class GaussianNoise(nn.Module):
    """x + N(0, std²) while training, the identity in evaluation (seed 000)."""

    def __init__(self, std):
        super().__init__()
        self.std = std

    def forward(self, x):
        if not self.training:
            return x
        return x + self.std * torch.randn_like(x)`;

export const noisePytorch: PytorchKindEmitter<ResolvedAttrsOf<"noise">> = {
  classes: { GaussianNoise },
  module: (node) => `GaussianNoise(${pythonFloat(node.attrs.std as number)})`,
  forward: (_node, ctx) => `${ctx.module}(${ctx.input()})`,
};
