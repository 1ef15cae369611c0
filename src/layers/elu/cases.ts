import type { LayerCase } from "../shared/cases.js";

export const eluCases: readonly LayerCase[] = [
  { name: "alpha = 0.7", model: "input [7]\nelu(alpha = 0.7)" },
];
