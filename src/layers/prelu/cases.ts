import type { LayerCase } from "../shared/cases.js";

export const preluCases: readonly LayerCase[] = [
  { name: "per channel", model: "input [3, 2, 2]\nprelu" },
  { name: "one shared slope", model: "input [7]\nprelu(per_channel = false)" },
];
