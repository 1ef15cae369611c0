import { defineLayer } from "../shared/definition.js";

/** The join of a residual: the element-wise sum of the body and the shortcut (same shapes, checked by the expander). */
export const add = defineLayer({
  name: "add",
  doc: "Element-wise sum of two inputs of the same shape; created by `residual`, not callable.",
  category: "structure",
  params: [],
  internal: true,
  inferShape: (ctx) => ctx.input,
  macs: () => 0,
  connections: () => 0,
});
