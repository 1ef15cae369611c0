import type { LayerKind } from "./layer-kind.js";
import { maxPoolingTfjs } from "../../codegen/tfjs/window-emit.js";
import { poolingParams, poolingShape } from "./pooling.js";
import { windowAttrs } from "./window.js";
import { maxPoolLoops } from "../../codegen/loops/kernels/index.js";

export const maxpool1d: LayerKind = {
  name: "maxpool1d",
  loops: maxPoolLoops,
  doc: "Max pooling over [C, L] (PyTorch's MaxPool1d). The stride defaults to the kernel size.",
  category: "pooling",
  params: poolingParams(),
  inputRanks: [2],
  generic: "maxpool",
  inferShape: (ctx) => poolingShape(ctx, 1),
  macs: () => 0,
  /** No weights or biases, so no connections in LeCun's sense. */
  connections: () => 0,
  resolveAttrs: (args, input) => windowAttrs(args, input, 1, true),
  tfjs: maxPoolingTfjs,
};
