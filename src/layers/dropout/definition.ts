import { Diagnostics } from "../../diagnostics/messages.js";
import { defineLayer } from "../shared/definition.js";

export const dropout = defineLayer({
  name: "dropout",
  doc: "Inverted dropout: while training, zeroes each value with probability `rate` and scales the rest by 1/(1−rate); the identity in evaluation.",
  category: "regularization",
  params: [
    {
      name: "rate",
      type: { kind: "float", min: 0, max: 1 },
      default: 0.5,
      doc: "Probability of dropping a value (PyTorch's p).",
    },
  ],
  trainingDependent: true,
  inferShape: (ctx) => ctx.input,
  macs: () => 0,
  connections: () => 0,
  lastLayerWarning: {
    warning: Diagnostics.DropoutLast,
    help: "remove it, or move it before the last dense layer",
  },
});
