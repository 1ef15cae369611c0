import { defineLayer } from "../shared/definition.js";
import { constantInit } from "../shared/init.js";
import { product } from "../shared/window.js";

/**
 * Parametric ReLU (seed 001 §6): f(x) = x for x > 0, a_i·x otherwise, with a learned
 * slope a_i. The seed gives "different neurons different parameters", so the default is
 * one slope per channel (dim 0: the channel of [C, H, W] / [C, L], the feature of [N]);
 * `per_channel = false` shares one slope (PyTorch's default num_parameters = 1).
 */
export const prelu = defineLayer({
  name: "prelu",
  doc: "Parametric ReLU (seed 001): x for x > 0, alpha·x otherwise, with a learned slope `alpha` per channel ([C]) or shared ([1]); starts at 0.25 (PyTorch). Not penalized by l1/l2/weight decay.",
  category: "activation",
  params: [
    {
      name: "per_channel",
      type: { kind: "bool" },
      default: true,
      doc: "One slope per channel (dim 0) rather than one for the whole layer.",
    },
  ],
  inferShape: (ctx) => ctx.input,
  parameters: (args, input) => [
    {
      name: "alpha",
      shape: [args.per_channel ? input[0]! : 1],
      defaultInit: constantInit(0.25, "PyTorch's PReLU init"),
      fanIn: 1,
      fanOut: 1,
      penalized: false,
    },
  ],
  /** One multiply per value. */
  macs: (_args, _input, output) => product(output),
  connections: () => 0,
});
