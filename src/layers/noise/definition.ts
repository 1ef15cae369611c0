import { defineLayer } from "../shared/definition.js";

/**
 * Noise injection (seed 000 §② 输入层注入噪声): while training, adds N(0, std²) noise to
 * every value; the identity in evaluation. At the input it is a form of data augmentation;
 * applied to hidden units it augments at several levels of abstraction (seed 000).
 */
export const noise = defineLayer({
  name: "noise",
  doc: "Gaussian noise injection: x + N(0, std²) while training, the identity in evaluation (seed 000's input noise injection).",
  category: "regularization",
  params: [
    { name: "std", type: { kind: "float", min: 0 }, doc: "Standard deviation of the added noise." },
  ],
  trainingDependent: true,
  inferShape: (ctx) => ctx.input,
  macs: () => 0,
  connections: () => 0,
});
