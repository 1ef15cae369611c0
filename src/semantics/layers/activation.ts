import type { LayerKind } from "./layer-kind.js";

/** The parts every parameterless element-wise activation shares: same shape, no weights, no MACs. */
export const elementwise = {
  category: "activation",
  params: [],
  inferShape: (ctx) => ctx.input,
  macs: () => 0,
  connections: () => 0,
} satisfies Omit<LayerKind, "name" | "doc">;
