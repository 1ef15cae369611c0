import type { LayerCase } from "../shared/cases.js";

export const denseCases: readonly LayerCase[] = [
  { name: "with bias", model: "input [5]\ndense(3)" },
  { name: "without bias", model: "input [5]\ndense(4, bias=false)" },
];
