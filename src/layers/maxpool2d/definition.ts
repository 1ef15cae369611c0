import { defineLayer } from "../shared/definition.js";
import { poolingParams, poolingShape } from "../shared/pooling.js";
import { resolveWindow } from "../shared/window.js";

export const maxpool2d = defineLayer({
  name: "maxpool2d",
  doc: "Max pooling over [C, H, W] (PyTorch's MaxPool2d). The stride defaults to the kernel size.",
  category: "pooling",
  params: poolingParams,
  inputRanks: [3],
  generic: "maxpool",
  inferShape: (ctx) => poolingShape(ctx, 2),
  macs: () => 0,
  /** No weights or biases, so no connections in LeCun's sense. */
  connections: () => 0,
  resolve: (args, input, output) => ({
    window: resolveWindow(args, input, output, 2, true, input[0]!),
  }),
});
