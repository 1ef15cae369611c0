import { defineLayer } from "../shared/definition.js";
import {
  convolutionConnections,
  convolutionMacs,
  convolutionParameters,
  convolutionParams,
  convolutionShape,
} from "../shared/convolution.js";
import { resolveWindow } from "../shared/window.js";

export const conv1d = defineLayer({
  name: "conv1d",
  doc: "1-D convolution over [C, L] (PyTorch's Conv1d): weight [out, in/groups, k], bias [out].",
  category: "layer",
  params: convolutionParams(1),
  inputRanks: [2],
  inferShape: (ctx) => convolutionShape(ctx, 1),
  parameters: (args, input) => convolutionParameters(args, input, 1),
  macs: (args, input, output) => convolutionMacs(args, input, output, 1),
  connections: (args, input, output) => convolutionConnections(args, input, output, 1),
  resolve: (args, input, output) => ({
    window: resolveWindow(args, input, output, 1, false, args.groups),
  }),
});
