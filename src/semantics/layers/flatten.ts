import type { LayerKind } from "./layer-kind.js";
import { flattenTfjs } from "../../codegen/tfjs/window-emit.js";
import { copyLoops } from "../../codegen/loops/kernels/index.js";

export const flatten: LayerKind = {
  name: "flatten",
  loops: copyLoops,
  doc: "Flattens [C, H, W] or [C, L] into one dimension in channels-first order (as PyTorch's view(-1)).",
  category: "structure",
  params: [],
  inferShape: (ctx) => [ctx.input.reduce((a, b) => a * b, 1)],
  macs: () => 0,
  connections: () => 0,
  tfjs: flattenTfjs,
};
