import type { LayerCase } from "../shared/cases.js";

export const maxoutCases: readonly LayerCase[] = [
  { name: "with bias", model: "input [5]\nmaxout(3, 4)" },
  { name: "without bias", model: "input [5]\nmaxout(2, 3, bias = false)" },
];
