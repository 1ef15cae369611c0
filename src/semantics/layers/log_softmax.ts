import { elementwise } from "./activation.js";
import type { LayerKind } from "./layer-kind.js";
import { normalisedExponential } from "../../codegen/tfjs/window-emit.js";
import { logSoftmaxLoops } from "../../codegen/loops/kernels/index.js";

export const log_softmax: LayerKind = {
  ...elementwise,
  name: "log_softmax",
  loops: logSoftmaxLoops,
  doc: "Log of the softmax over the last axis, for the nll loss.",
  params: [
    {
      name: "axis",
      type: { kind: "int" },
      default: -1,
      doc: "The axis to normalise over (-1: the last).",
    },
  ],
  tfjs: { forward: (node, ctx) => normalisedExponential(node, ctx, true) },
};
