import { Diagnostics } from "../../diagnostics/messages.js";
import { commonDivisors } from "../shared/convolution.js";
import { defineLayer } from "../shared/definition.js";
import { channelScaleAndShift, varianceEpsilonParam } from "../shared/normalization.js";
import { product } from "../shared/window.js";

/**
 * Group normalization (Wu & He, 2018), with PyTorch's GroupNorm semantics: the channels
 * split into `groups` equal groups of consecutive channels; each sample's group is
 * normalised over its channels and positions, x̂ = (x − μ)/√(σ² + ε) with the biased
 * variance, then y = γ_c·x̂ + β_c per channel. No running statistics: training and
 * evaluation compute the same, and a sample's output does not depend on the batch.
 */
export const groupnorm = defineLayer({
  name: "groupnorm",
  doc: "Group normalization (Wu & He 2018; PyTorch's GroupNorm) on [C], [C, L] or [C, H, W]: each sample's channels split into `groups` groups, each normalised over its channels and positions, then a learned gamma (scale) and beta (shift) per channel. The same in training and evaluation. groups = 1 is layer normalization, groups = C instance normalization.",
  category: "normalization",
  params: [
    {
      name: "groups",
      type: { kind: "int", min: 1 },
      doc: "The number of groups; it must divide the channels.",
    },
    varianceEpsilonParam,
  ],
  inputRanks: [1, 2, 3],
  inferShape(ctx) {
    const channels = ctx.input[0]!;
    if (channels % ctx.args.groups !== 0) {
      const fits = commonDivisors(channels, channels).join(", ");
      ctx.report(
        Diagnostics.GroupsMismatch,
        ctx.argSpan("groups"),
        [ctx.kind, `the ${channels} input`, ctx.args.groups],
        { help: `groups must divide the ${channels} channels; values that fit: ${fits}` },
      );
      return undefined;
    }
    return ctx.input;
  },
  parameters: (_args, input) => channelScaleAndShift(input),
  /** The group's sum and sum of squares, then one scale and shift: 3 per value. */
  macs: (_args, _input, output) => 3 * product(output),
  /** One gamma and one beta per output value. */
  connections: (_args, _input, output) => 2 * product(output),
});
