import { defineLayer } from "../shared/definition.js";
import { pytorchDefaultInit } from "../shared/init.js";

/**
 * Maxout (seed 001 §8): each of `units` outputs is the largest of k affine pieces,
 * y_j = max_p (w_jp·x + b_jp); only the largest piece receives gradient.
 * Weight [units, k, in], bias [units, k].
 */
export const maxout = defineLayer({
  name: "maxout",
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
  inferShape: (ctx) => [ctx.args.units],
  parameters(args, input) {
    const fanIn = input[0]!;
    const { units, k } = args;
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
    if (args.bias)
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
  macs: (args, input) => args.units * args.k * input[0]!,
  connections: (args, input) => args.units * args.k * (input[0]! + (args.bias ? 1 : 0)),
});
