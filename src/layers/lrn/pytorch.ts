import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { pythonFloat } from "../../codegen/common/escape.js";
import { call } from "../../codegen/pytorch/python-layout.js";

/**
 * lrn, local response normalization across channels as netc defines it (AlexNet, seed
 * 003, in PyTorch's form): b_c = a_c·(k + α/n·Σ a_c'²)^(−β) over the n channels
 * c − ⌊n/2⌋ … c + ⌊(n−1)/2⌋, channels outside the input counting as zero, the sum always
 * divided by n. Written out from the formula.
 */
const LocalResponseNorm = `class LocalResponseNorm(nn.Module):
    """b_c = a_c·(k + α/n·Σ a_c'²)^−β over channels c − ⌊n/2⌋ … c + ⌊(n−1)/2⌋."""

    def __init__(self, size, alpha, beta, k):
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, x):
        channels = x.shape[1]
        before, after = self.size // 2, (self.size - 1) // 2
        # zero channels on both sides of the channel axis (dim 1)
        squares = F.pad(x * x, (0, 0) * (x.dim() - 2) + (before, after))
        sums = sum(squares[:, d : d + channels] for d in range(self.size))
        return x * (self.k + self.alpha / self.size * sums).pow(-self.beta)`;

export const lrnPytorch: PytorchKindEmitter<ResolvedAttrsOf<"lrn">> = {
  classes: { LocalResponseNorm },
  module: (node) =>
    call("LocalResponseNorm", [
      String(node.attrs.size),
      `alpha=${pythonFloat(node.attrs.alpha as number)}`,
      `beta=${pythonFloat(node.attrs.beta as number)}`,
      `k=${pythonFloat(node.attrs.k as number)}`,
    ]),
  forward: (_node, ctx) => `${ctx.module}(${ctx.input()})`,
};
