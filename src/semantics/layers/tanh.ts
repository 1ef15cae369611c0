import { elementwise } from "./activation.js";
import type { LayerKind } from "./layer-kind.js";
import { tanhLoops } from "../../codegen/loops/kernels/index.js";

export const tanh: LayerKind = {
  ...elementwise,
  name: "tanh",
  loops: tanhLoops,
  doc: "Hyperbolic tangent.",
  tfjs: { forward: (_node, ctx) => `tf.tanh(${ctx.input()})` },
};
