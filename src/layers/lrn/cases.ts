import type { LayerCase } from "../shared/cases.js";

export const lrnCases: readonly LayerCase[] = [
  { name: "size 2 (AlexNet's)", model: "input [5, 2, 3]\nlrn(2, alpha = 0.5, k = 2)" },
  { name: "size 3 on [C, L], β = 1.5", model: "input [4, 3]\nlrn(3, alpha = 0.8, beta = 1.5)" },
];
