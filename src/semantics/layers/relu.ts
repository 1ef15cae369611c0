import { elementwise } from "./activation.js";
import type { LayerKind } from "./layer-kind.js";
import { reluLoops } from "../../codegen/loops/kernels/index.js";

export const relu: LayerKind = {
  ...elementwise,
  name: "relu",
  loops: reluLoops,
  doc: "Rectified linear unit, max(0, x).",
  tfjs: { forward: (_node, ctx) => `tf.relu(${ctx.input()})` },
};
