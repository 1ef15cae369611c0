import type { LayerKind } from "./layer-kind.js";
import { addLoops } from "../../codegen/loops/kernels/index.js";

/** The join of a residual: the element-wise sum of the body and the shortcut (same shapes, checked by the expander). */
export const add: LayerKind = {
  name: "add",
  loops: addLoops,
  doc: "Element-wise sum of two inputs of the same shape; created by `residual`, not callable.",
  category: "structure",
  params: [],
  internal: true,
  inferShape: (ctx) => ctx.input,
  macs: () => 0,
  connections: () => 0,
  tfjs: { forward: (_node, ctx) => `tf.add(${ctx.input(0)}, ${ctx.input(1)})` },
};
