import type { LayerKind } from "./layer-kind.js";
import { pytorchDefaultInit } from "./window.js";
import { maxoutTfjs } from "../../codegen/tfjs/catalogue-emit.js";
import { maxoutLoops } from "../../codegen/loops/kernels/index.js";

/**
 * Maxout (seed 001 §8): each of `units` outputs is the largest of k affine pieces,
 * y_j = max_p (w_jp·x + b_jp); only the largest piece receives gradient.
 * Weight [units, k, in], bias [units, k].
 */
export const maxout: LayerKind = {
  name: "maxout",
  tfjs: maxoutTfjs,
  loops: maxoutLoops,
  doc: "Maxout units (seed 001): y_j = max over p < k of (w_jp·x + b_jp), weight [units, k, in] and bias [units, k]. Needs a flat input.",
  category: "layer",
  params: [
    { name: "units", type: { kind: "int", min: 1 }, doc: "Number of maxout units (outputs)." },
    {
      name: "k",
      type: { kind: "int", min: 1 },
      doc: "Number of linear pieces per unit (seed 001's K).",
    },
    {
      name: "bias",
      type: { kind: "bool" },
      default: true,
      doc: "Whether each piece has a learned bias.",
    },
  ],
  inputRanks: [1],
  inferShape: (ctx) => [ctx.args.units as number],
  parameters(args, input) {
    const fanIn = input[0]!;
    const units = args.units as number;
    const k = args.k as number;
    const init = pytorchDefaultInit(fanIn);
    const tensors = [
      {
        name: "weight",
        shape: [units, k, fanIn],
        defaultInit: init,
        fanIn,
        fanOut: units * k,
        penalized: true,
      },
    ];
    if (args.bias === true)
      tensors.push({
        name: "bias",
        shape: [units, k],
        defaultInit: init,
        fanIn,
        fanOut: units * k,
        penalized: false,
      });
    return tensors;
  },
  macs: (args, input) => (args.units as number) * (args.k as number) * input[0]!,
  connections: (args, input) =>
    (args.units as number) * (args.k as number) * (input[0]! + (args.bias === true ? 1 : 0)),
};
