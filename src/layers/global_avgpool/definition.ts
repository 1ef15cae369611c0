import { defineLayer } from "../shared/definition.js";
import { product } from "../shared/window.js";

export const global_avgpool = defineLayer({
  name: "global_avgpool",
  doc: "Global average pooling: the mean of each channel over all positions, [C, H, W] or [C, L] → [C] (flat, ready for dense). Also accepted as `global_avgpool2d`.",
  category: "pooling",
  params: [],
  inputRanks: [2, 3],
  aliases: ["global_avgpool2d", "global_avgpool1d"],
  inferShape: (ctx) => [ctx.input[0]!],
  macs: (_args, input) => product(input),
  connections: () => 0,
});
