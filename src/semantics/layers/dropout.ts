import type { LayerKind } from "./layer-kind.js";
import { dropoutLoops } from "../../codegen/loops/kernels/index.js";

export const dropout: LayerKind = {
  name: "dropout",
  loops: dropoutLoops,
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
  tfjs: {
    /** Inverted dropout while training, seeded per forward call; the identity otherwise. */
    forward: (node, ctx) =>
      `(${ctx.training} ? tf.dropout(${ctx.input()}, ${ctx.literal(node.attrs.rate)}, undefined, ${ctx.callSeed}) : ${ctx.input()})`,
  },
};
