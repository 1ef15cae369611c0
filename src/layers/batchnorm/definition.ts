import { defineLayer } from "../shared/definition.js";
import { channelScaleAndShift, varianceEpsilonParam } from "../shared/normalization.js";
import { product } from "../shared/window.js";

export const batchnorm = defineLayer({
  name: "batchnorm",
  doc: "Batch normalization, per channel (BatchNorm1d for [C] or [C, L], BatchNorm2d for [C, H, W]): learned gamma (scale) and beta (shift), running mean and variance for evaluation.",
  category: "normalization",
  params: [
    varianceEpsilonParam,
    {
      name: "momentum",
      type: { kind: "float", min: 0, max: 1 },
      default: 0.1,
      doc: "Running statistics update: r ← (1−m)·r + m·batch (PyTorch default 0.1).",
    },
  ],
  trainingDependent: true,
  inferShape: (ctx) => ctx.input,
  /** Per-channel statistics: over the batch for [C] (BatchNorm1d), over batch and positions for [C, L] / [C, H, W]. */
  parameters: (_args, input) => channelScaleAndShift(input),
  buffers(_args, input) {
    const channels = [input[0]!];
    return [
      { name: "running_mean", shape: channels, fill: 0 },
      { name: "running_var", shape: channels, fill: 1 },
    ];
  },
  /** Folded into one scale and shift per value at inference. */
  macs: (_args, _input, output) => product(output),
  /** One gamma and one beta per output value. */
  connections: (_args, _input, output) => 2 * product(output),
});
