import { Diagnostics } from "../../diagnostics/messages.js";
import { defineLayer } from "../shared/definition.js";
import { uniformInit } from "../shared/init.js";

/**
 * LeNet-5's output layer (seed 004 §三(八)): Euclidean radial basis function units,
 * y_i = Σ_j (x_j − w_ij)², one centre w_i per class; 84 → 10 has 840 parameters and 840
 * connections. The smallest output is the predicted class. `negate = true` outputs
 * −Σ(x − w)², so the largest output is the class and cross_entropy on it is LeCun's MAP
 * criterion (eq. 9 of the 1998 paper, without its constant term).
 */
export const rbf = defineLayer({
  name: "rbf",
  doc: "Euclidean RBF output layer (LeNet-5): y_i = Σ_j (x_j − w_ij)² with centres weight [units, in]; no bias. `negate = true` gives −Σ(x − w)² (for cross_entropy).",
  category: "layer",
  params: [
    { name: "units", type: { kind: "int", min: 1 }, doc: "Number of RBF units (one per class)." },
    {
      name: "negate",
      type: { kind: "bool" },
      default: false,
      doc: "Output −Σ(x − w)², so that the closest centre is the largest output (use with cross_entropy).",
    },
  ],
  inputRanks: [1],
  inferShape: (ctx) => [ctx.args.units],
  parameters(args, input) {
    const fanIn = input[0]!;
    return [
      {
        name: "weight",
        shape: [args.units, fanIn],
        // LeCun's centres were fixed ±1 bitmaps for tanh outputs; the seed's sigmoid F6
        // outputs lie in (0, 1), so the centres start uniformly in [0, 1].
        defaultInit: uniformInit(0, 1, "the range of the sigmoid F6 outputs (seed 004)"),
        fanIn,
        fanOut: args.units,
        penalized: true,
      },
    ];
  },
  /** One subtraction, square and accumulation per weight. */
  macs: (_args, input, output) => input[0]! * output[0]!,
  connections: (_args, input, output) => input[0]! * output[0]!,
  /** Without `negate`, the smallest output is the class: a classification loss reads the largest. */
  asOutput: (args, output) =>
    args.negate
      ? undefined
      : {
          meaning: "distances",
          warning: Diagnostics.RbfDistanceAsLogits,
          help: () =>
            `write \`rbf(${output[0]}, negate = true)\` so that the closest centre gives the largest output`,
        },
});
