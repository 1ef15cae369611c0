import { elementwise } from "./activation.js";
import type { LayerKind } from "./layer-kind.js";
import { normalisedExponential } from "../../codegen/tfjs/window-emit.js";
import { softmaxLoops } from "../../codegen/loops/kernels/index.js";

export const softmax: LayerKind = {
  ...elementwise,
  name: "softmax",
  loops: softmaxLoops,
  doc: "Softmax over the last axis (computed with the maximum subtracted, seed 001). Leave it out before cross_entropy, which takes logits.",
  params: [
    {
      name: "axis",
      type: { kind: "int" },
      default: -1,
      doc: "The axis to normalise over (-1: the last).",
    },
  ],
  tfjs: { forward: (node, ctx) => normalisedExponential(node, ctx, false) },
};
