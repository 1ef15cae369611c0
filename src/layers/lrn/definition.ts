import { defineLayer } from "../shared/definition.js";
import { product } from "../shared/window.js";

/**
 * Local response normalization across channels (AlexNet, seed 003), with PyTorch's
 * LocalResponseNorm formula and defaults, which the seed's code calls as
 * `nn.LocalResponseNorm(size=2)`:
 *   b_c = a_c · (k + α/n · Σ_{c'=c−⌊n/2⌋}^{c+⌊(n−1)/2⌋} a_{c'}²)^(−β)
 * (channels outside 0…C−1 count as zero, and the sum is always divided by n).
 * The AlexNet paper writes α without the 1/n and uses n = 5, k = 2.
 */
export const lrn = defineLayer({
  name: "lrn",
  doc: "Local response normalization across channels (PyTorch's LocalResponseNorm): b_c = a_c·(k + α/n·Σ a_{c'}²)^−β over the n neighbouring channels c−⌊n/2⌋ … c+⌊(n−1)/2⌋.",
  category: "normalization",
  params: [
    {
      name: "size",
      type: { kind: "int", min: 1 },
      doc: "n, the number of neighbouring channels summed over (seed 003's AlexNet: 2).",
    },
    {
      name: "alpha",
      type: { kind: "float", min: 0 },
      default: 1e-4,
      doc: "α, the scale of the sum (PyTorch default 1e-4; divided by n).",
    },
    {
      name: "beta",
      type: { kind: "float", min: 0 },
      default: 0.75,
      doc: "β, the exponent (PyTorch default 0.75).",
    },
    {
      name: "k",
      type: { kind: "float", min: 0 },
      default: 1,
      doc: "k, the additive constant (PyTorch default 1; the AlexNet paper uses 2).",
    },
  ],
  inputRanks: [2, 3],
  inferShape: (ctx) => ctx.input,
  /** n squares accumulated per output value. */
  macs: (args, _input, output) => product(output) * args.size,
  connections: () => 0,
  /** The channel window relative to c, resolved once: [c − windowBefore, c + windowAfter]. */
  resolve: (args) => ({
    windowBefore: Math.floor(args.size / 2),
    windowAfter: Math.floor((args.size - 1) / 2),
  }),
});
