import type { LayerCase } from "../shared/cases.js";

export const maxpool1dCases: readonly LayerCase[] = [
  { name: "kernel 2", model: "input [2, 8]\nmaxpool(2)" },
];
