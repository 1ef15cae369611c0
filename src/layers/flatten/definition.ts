import { defineLayer } from "../shared/definition.js";
import { product } from "../shared/window.js";

export const flatten = defineLayer({
  name: "flatten",
  doc: "Flattens [C, H, W] or [C, L] into one dimension in channels-first order (as PyTorch's view(-1)).",
  category: "structure",
  params: [],
  inferShape: (ctx) => [product(ctx.input)],
  macs: () => 0,
  connections: () => 0,
});
