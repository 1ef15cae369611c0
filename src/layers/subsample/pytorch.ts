import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { call } from "../../codegen/pytorch/python-layout.js";
import {
  axes,
  channelsIn,
  hasPadding,
  padded,
  windowOf,
} from "../../codegen/pytorch/layer-helpers.js";

/**
 * subsample, LeNet-5's trainable subsampling (seed 004 S2/S4): y = weight[c]·Σ(k×k window)
 * + bias[c]. The window sums are average pooling with divisor 1 (exact sums, not means
 * multiplied back); padding, if any, is zeros in front.
 */
const Subsample = `class Subsample(nn.Module):
    """LeNet-5's trainable subsampling: y = weight[c]·Σ(window) + bias[c] (seed 004)."""

    def __init__(self, channels, kernel_size, stride):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride
        self.weight = nn.Parameter(torch.empty(channels))
        self.bias = nn.Parameter(torch.empty(channels))

    def forward(self, x):
        sums = F.avg_pool2d(x, self.kernel_size, self.stride, divisor_override=1)
        return sums * self.weight.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)`;

export const subsamplePytorch: PytorchKindEmitter<ResolvedAttrsOf<"subsample">> = {
  classes: { Subsample },
  module(node) {
    const w = windowOf(node);
    return call("Subsample", [
      String(channelsIn(node)),
      `kernel_size=${axes(w.kernel)}`,
      `stride=${axes(w.stride)}`,
    ]);
  },
  forward(node, ctx) {
    const w = windowOf(node);
    return hasPadding(w)
      ? call(ctx.module, [padded(ctx.input(), w.padding)])
      : `${ctx.module}(${ctx.input()})`;
  },
};
