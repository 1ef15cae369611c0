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

export const conv1d: LayerKind = {
  name: "conv1d",
  loops: convolutionLoops,
  doc: "1-D convolution over [C, L] (PyTorch's Conv1d): weight [out, in/groups, k], bias [out].",
  category: "layer",
  params: convolutionParams(1),
  inputRanks: [2],
  inferShape: (ctx) => convolutionShape(ctx, 1),
  parameters: (args, input) => convolutionParameters(args, input, 1),
  macs: (args, input, output) => convolutionMacs(args, input, output, 1),
  connections: (args, input, output) => convolutionConnections(args, input, output, 1),
  resolveAttrs: (args, input) => windowAttrs(args, input, 1, false),
  tfjs: convolutionTfjs,
};
