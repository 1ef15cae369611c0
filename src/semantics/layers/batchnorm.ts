import type { LayerKind } from "./layer-kind.js";
import { batchNormLoops } from "../../codegen/loops/kernels/index.js";

/** Per-channel statistics: over the batch for [C] (BatchNorm1d), over batch and positions for [C, L] / [C, H, W]. */
const channels = (input: readonly number[]) => input[0]!;
const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export const batchnorm: LayerKind = {
  name: "batchnorm",
  loops: batchNormLoops,
  doc: "Batch normalization, per channel (BatchNorm1d for [C] or [C, L], BatchNorm2d for [C, H, W]): learned gamma (scale) and beta (shift), running mean and variance for evaluation.",
  category: "normalization",
  params: [
    {
      name: "eps",
      type: { kind: "float", min: 0, minExclusive: true },
      default: 1e-5,
      doc: "Added to the variance (PyTorch default 1e-5).",
    },
    {
      name: "momentum",
      type: { kind: "float", min: 0, max: 1 },
      default: 0.1,
      doc: "Running statistics update: r ← (1−m)·r + m·batch (PyTorch default 0.1).",
    },
  ],
  trainingDependent: true,
  inferShape: (ctx) => ctx.input,
  parameters(_args, input) {
    const c = channels(input);
    return [
      {
        name: "gamma",
        shape: [c],
        defaultInit: { kind: "ones" },
        fanIn: 1,
        fanOut: 1,
        penalized: false,
      },
      {
        name: "beta",
        shape: [c],
        defaultInit: { kind: "zeros" },
        fanIn: 1,
        fanOut: 1,
        penalized: false,
      },
    ];
  },
  buffers(_args, input) {
    const c = channels(input);
    return [
      { name: "running_mean", shape: [c], fill: 0 },
      { name: "running_var", shape: [c], fill: 1 },
    ];
  },
  /** Folded into one scale and shift per value at inference. */
  macs: (_args, _input, output) => count(output),
  /** One gamma and one beta per output value. */
  connections: (_args, _input, output) => 2 * count(output),
  resolveAttrs: (_args, input) => ({ variant: input.length === 3 ? "2d" : "1d" }),
  tfjs: {
    forward: (node, ctx) =>
      `${ctx.helper("batchNorm")}(${ctx.input()}, ${ctx.param("gamma")}, ${ctx.param("beta")}, ${ctx.buffer("running_mean")}, ${ctx.buffer("running_var")}, ${ctx.literal(node.attrs.momentum)}, ${ctx.literal(node.attrs.eps)}, ${ctx.training})`,
  },
};
