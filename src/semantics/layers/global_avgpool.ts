import type { LayerKind } from "./layer-kind.js";
import { globalAveragePoolingTfjs } from "../../codegen/tfjs/window-emit.js";
import { globalAvgPoolLoops } from "../../codegen/loops/kernels/index.js";

export const global_avgpool: LayerKind = {
  name: "global_avgpool",
  loops: globalAvgPoolLoops,
  doc: "Global average pooling: the mean of each channel over all positions, [C, H, W] or [C, L] → [C] (flat, ready for dense). Also accepted as `global_avgpool2d`.",
  category: "pooling",
  params: [],
  inputRanks: [2, 3],
  aliases: ["global_avgpool2d", "global_avgpool1d"],
  inferShape: (ctx) => [ctx.input[0]!],
  macs: (_args, input) => input.reduce((a, b) => a * b, 1),
  connections: () => 0,
  tfjs: globalAveragePoolingTfjs,
};
