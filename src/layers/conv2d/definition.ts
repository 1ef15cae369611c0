import { defineLayer } from "../shared/definition.js";
import {
  convolutionConnections,
  convolutionMacs,
  convolutionParameters,
  convolutionParams,
  convolutionShape,
} from "../shared/convolution.js";
import { resolveWindow } from "../shared/window.js";

export const conv2d = defineLayer({
  name: "conv2d",
  doc: "2-D convolution over [C, H, W] (PyTorch's Conv2d): weight [out, in/groups, kH, kW], bias [out].",
  category: "layer",
  params: convolutionParams(2),
  inputRanks: [3],
  inferShape: (ctx) => convolutionShape(ctx, 2),
  parameters: (args, input) => convolutionParameters(args, input, 2),
  macs: (args, input, output) => convolutionMacs(args, input, output, 2),
  connections: (args, input, output) => convolutionConnections(args, input, output, 2),
  resolve: (args, input, output) => ({
    window: resolveWindow(args, input, output, 2, false, args.groups),
  }),
});
