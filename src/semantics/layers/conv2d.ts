import type { LayerKind } from "./layer-kind.js";
import { convolutionTfjs } from "../../codegen/tfjs/window-emit.js";
import {
  convolutionConnections,
  convolutionMacs,
  convolutionParameters,
  convolutionParams,
  convolutionShape,
} from "./convolution.js";
import { windowAttrs } from "./window.js";
import { convolutionLoops } from "../../codegen/loops/kernels/index.js";

export const conv2d: LayerKind = {
  name: "conv2d",
  loops: convolutionLoops,
  doc: "2-D convolution over [C, H, W] (PyTorch's Conv2d): weight [out, in/groups, kH, kW], bias [out].",
  category: "layer",
  params: convolutionParams(2),
  inputRanks: [3],
  inferShape: (ctx) => convolutionShape(ctx, 2),
  parameters: (args, input) => convolutionParameters(args, input, 2),
  macs: (args, input, output) => convolutionMacs(args, input, output, 2),
  connections: (args, input, output) => convolutionConnections(args, input, output, 2),
  resolveAttrs: (args, input) => windowAttrs(args, input, 2, false),
  tfjs: convolutionTfjs,
};
