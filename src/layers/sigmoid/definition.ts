import { Diagnostics } from "../../diagnostics/messages.js";
import { elementwise } from "../shared/activation.js";
import { defineLayer } from "../shared/definition.js";

export const sigmoid = defineLayer({
  ...elementwise,
  name: "sigmoid",
  doc: "Logistic sigmoid, 1/(1 + e^−x).",
  params: [],
  /** A probability per output, not a distribution over classes: a multi-class loss wants logits. */
  asOutput: () => ({
    meaning: "binary_probabilities",
    warning: Diagnostics.SigmoidMultiClass,
    help: (loss, expects) => `remove the sigmoid; ${loss} expects ${expects}`,
  }),
});
