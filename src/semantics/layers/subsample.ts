import type { Attrs } from "../../ir/ir.js";
import type { LayerKind } from "./layer-kind.js";
import { poolingParams, poolingShape } from "./pooling.js";
import { perAxis, product, windowAttrs } from "./window.js";
import { subsampleTfjs } from "../../codegen/tfjs/catalogue-emit.js";
import { subsampleLoops } from "../../codegen/loops/kernels/index.js";

/**
 * LeNet-5's trainable subsampling (S2, S4; seed 004 §三(三)): "4 个输入相加, 乘以一个可训练参数,
 * 再加上一个可训练偏置" — each output is (the sum of its k×k window) × a per-map coefficient
 * + a per-map bias. The sigmoid that follows in the seed is a separate `sigmoid` layer.
 */

const taps = (args: Attrs) => product(perAxis(args.kernel, 2, 1));

export const subsample: LayerKind = {
  name: "subsample",
  tfjs: subsampleTfjs,
  loops: subsampleLoops,
  doc: "LeNet-5's trainable subsampling over [C, H, W]: y = weight[c]·Σ(k×k window) + bias[c], one coefficient and one bias per map (2·C parameters). The stride defaults to the kernel size. Starts as average pooling (weight 1/k², bias 0).",
  category: "pooling",
  params: poolingParams(),
  inputRanks: [3],
  inferShape: (ctx) => poolingShape(ctx, 2),
  parameters(args, input) {
    const maps = input[0]!;
    const n = taps(args);
    return [
      // fan_in: the window's inputs feeding one output; fan_out: one output per window tap.
      {
        name: "weight",
        shape: [maps],
        defaultInit: { kind: "constant", a: 1 / n },
        fanIn: n,
        fanOut: 1,
        penalized: true,
      },
      {
        name: "bias",
        shape: [maps],
        defaultInit: { kind: "zeros" },
        fanIn: n,
        fanOut: 1,
        penalized: false,
      },
    ];
  },
  /** The window sum (k² additions counted as MACs, like average pooling) and the one multiply. */
  macs: (args, _input, output) => product(output) * (taps(args) + 1),
  /** Seed 004: (2×2 + 1) × 6 × 14 × 14 = 5,880 for S2 — the window's inputs and the bias, per output value. */
  connections: (args, _input, output) => product(output) * (taps(args) + 1),
  resolveAttrs: (args, input) => windowAttrs(args, input, 2, true),
};
