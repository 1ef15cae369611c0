import { Diagnostics } from "../../diagnostics/messages.js";
import { axisParam, elementwise } from "../shared/activation.js";
import { defineLayer } from "../shared/definition.js";

export const softmax = defineLayer({
  ...elementwise,
  name: "softmax",
  doc: "Softmax over the last axis (computed with the maximum subtracted, seed 001). Leave it out before cross_entropy, which takes logits.",
  params: [axisParam],
  asOutput: () => ({
    meaning: "probabilities",
    warning: Diagnostics.SoftmaxBeforeCrossEntropy,
    help: (loss) => `remove the softmax: ${loss} takes logits`,
    lossLabel: (loss) => `${loss} applies log-softmax itself`,
  }),
});
