import { defineLayer } from "../shared/definition.js";
import { averagePoolingMacs, poolingParams, poolingShape } from "../shared/pooling.js";
import { resolveWindow } from "../shared/window.js";

export const avgpool2d = defineLayer({
  name: "avgpool2d",
  doc: "Average pooling over [C, H, W] (PyTorch's AvgPool2d, padding zeros counted). The stride defaults to the kernel size.",
  category: "pooling",
  params: poolingParams,
  inputRanks: [3],
  generic: "avgpool",
  inferShape: (ctx) => poolingShape(ctx, 2),
  macs: (args, _input, output) => averagePoolingMacs(args, output, 2),
  /** No weights or biases, so no connections in LeCun's sense. */
  connections: () => 0,
  resolve: (args, input, output) => ({
    window: resolveWindow(args, input, output, 2, true, input[0]!),
  }),
});
