import type { LayerCase } from "../shared/cases.js";

export const zeropad2dCases: readonly LayerCase[] = [
  { name: "four sides", model: "input [2, 3, 4]\nzeropad2d([1, 2, 0, 1])" },
];
