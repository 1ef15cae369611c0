import { defineLayer } from "../shared/definition.js";
import { constantInit } from "../shared/init.js";
import { poolingParams, poolingShape, windowTaps } from "../shared/pooling.js";
import { product, resolveWindow } from "../shared/window.js";

/**
 * LeNet-5's trainable subsampling (S2, S4; seed 004 §三(三)): "4 个输入相加, 乘以一个可训练参数,
 * 再加上一个可训练偏置" — each output is (the sum of its k×k window) × a per-map coefficient
 * + a per-map bias. The sigmoid that follows in the seed is a separate `sigmoid` layer.
 */
export const subsample = defineLayer({
  name: "subsample",
  doc: "LeNet-5's trainable subsampling over [C, H, W]: y = weight[c]·Σ(k×k window) + bias[c], one coefficient and one bias per map (2·C parameters). The stride defaults to the kernel size. Starts as average pooling (weight 1/k², bias 0).",
  category: "pooling",
  params: poolingParams,
  inputRanks: [3],
  inferShape: (ctx) => poolingShape(ctx, 2),
  parameters(args, input) {
    const maps = [input[0]!];
    const n = windowTaps(args, 2);
    return [
      // fan_in: the window's inputs feeding one output; fan_out: one output per window tap.
      {
        name: "weight",
        shape: maps,
        defaultInit: constantInit(1 / n, `1/k² = 1/${n}: starts as average pooling`),
        fanIn: n,
        fanOut: 1,
        penalized: true,
      },
      {
        name: "bias",
        shape: maps,
        defaultInit: constantInit(0),
        fanIn: n,
        fanOut: 1,
        penalized: false,
      },
    ];
  },
  /** The window sum (k² additions counted as MACs, like average pooling) and the one multiply. */
  macs: (args, _input, output) => product(output) * (windowTaps(args, 2) + 1),
  /** Seed 004: (2×2 + 1) × 6 × 14 × 14 = 5,880 for S2 — the window's inputs and the bias, per output value. */
  connections: (args, _input, output) => product(output) * (windowTaps(args, 2) + 1),
  resolve: (args, input, output) => ({
    window: resolveWindow(args, input, output, 2, true, input[0]!),
  }),
});
