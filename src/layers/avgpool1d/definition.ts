import { defineLayer } from "../shared/definition.js";
import { averagePoolingMacs, poolingParams, poolingShape } from "../shared/pooling.js";
import { resolveWindow } from "../shared/window.js";

export const avgpool1d = defineLayer({
  name: "avgpool1d",
  doc: "Average pooling over [C, L] (PyTorch's AvgPool1d, padding zeros counted). The stride defaults to the kernel size.",
  category: "pooling",
  params: poolingParams,
  inputRanks: [2],
  generic: "avgpool",
  inferShape: (ctx) => poolingShape(ctx, 1),
  macs: (args, _input, output) => averagePoolingMacs(args, output, 1),
  /** No weights or biases, so no connections in LeCun's sense. */
  connections: () => 0,
  resolve: (args, input, output) => ({
    window: resolveWindow(args, input, output, 1, true, input[0]!),
  }),
});
