import { defineLayer } from "../shared/definition.js";
import { poolingParams, poolingShape } from "../shared/pooling.js";
import { resolveWindow } from "../shared/window.js";

export const maxpool1d = defineLayer({
  name: "maxpool1d",
  doc: "Max pooling over [C, L] (PyTorch's MaxPool1d). The stride defaults to the kernel size.",
  category: "pooling",
  params: poolingParams,
  inputRanks: [2],
  generic: "maxpool",
  inferShape: (ctx) => poolingShape(ctx, 1),
  macs: () => 0,
  /** No weights or biases, so no connections in LeCun's sense. */
  connections: () => 0,
  resolve: (args, input, output) => ({
    window: resolveWindow(args, input, output, 1, true, input[0]!),
  }),
});
