import type { LayerKind } from "./layer-kind.js";
import { rbfTfjs } from "../../codegen/tfjs/catalogue-emit.js";
import { rbfLoops } from "../../codegen/loops/kernels/index.js";

/**
 * LeNet-5's output layer (seed 004 §三(八)): Euclidean radial basis function units,
 * y_i = Σ_j (x_j − w_ij)², one centre w_i per class; 84 → 10 has 840 parameters and 840
 * connections. The smallest output is the predicted class. `negate = true` outputs
 * −Σ(x − w)², so the largest output is the class and cross_entropy on it is LeCun's MAP
 * criterion (eq. 9 of the 1998 paper, without its constant term).
 */
export const rbf: LayerKind = {
  name: "rbf",
  tfjs: rbfTfjs,
  loops: rbfLoops,
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
  inferShape: (ctx) => [ctx.args.units as number],
  parameters(args, input) {
    const fanIn = input[0]!;
    const units = args.units as number;
    // LeCun's centres were fixed ±1 bitmaps for tanh outputs; the seed's sigmoid F6 outputs
    // lie in (0, 1), so the centres start uniformly in [0, 1].
    return [
      {
        name: "weight",
        shape: [units, fanIn],
        defaultInit: { kind: "uniform", a: 0, b: 1 },
        fanIn,
        fanOut: units,
        penalized: true,
      },
    ];
  },
  /** One subtraction, square and accumulation per weight. */
  macs: (_args, input, output) => input[0]! * output[0]!,
  connections: (_args, input, output) => input[0]! * output[0]!,
};
