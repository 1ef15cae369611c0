import type { LayerKind } from "./layer-kind.js";
import { averagePoolingTfjs } from "../../codegen/tfjs/window-emit.js";
import { averagePoolingMacs, poolingParams, poolingShape } from "./pooling.js";
import { windowAttrs } from "./window.js";
import { avgPoolLoops } from "../../codegen/loops/kernels/index.js";

export const avgpool1d: LayerKind = {
  name: "avgpool1d",
  loops: avgPoolLoops,
  doc: "Average pooling over [C, L] (PyTorch's AvgPool1d, padding zeros counted). The stride defaults to the kernel size.",
  category: "pooling",
  params: poolingParams(),
  inputRanks: [2],
  generic: "avgpool",
  inferShape: (ctx) => poolingShape(ctx, 1),
  macs: (args, _input, output) => averagePoolingMacs(args, output, 1),
  /** No weights or biases, so no connections in LeCun's sense. */
  connections: () => 0,
  resolveAttrs: (args, input) => windowAttrs(args, input, 1, true),
  tfjs: averagePoolingTfjs,
};
