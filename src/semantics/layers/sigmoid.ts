import { elementwise } from "./activation.js";
import type { LayerKind } from "./layer-kind.js";
import { sigmoidLoops } from "../../codegen/loops/kernels/index.js";

export const sigmoid: LayerKind = {
  ...elementwise,
  name: "sigmoid",
  loops: sigmoidLoops,
  doc: "Logistic sigmoid, 1/(1 + e^−x).",
  tfjs: { forward: (_node, ctx) => `tf.sigmoid(${ctx.input()})` },
};
