import type { LayerCase } from "../shared/cases.js";

export const groupnormCases: readonly LayerCase[] = [
  { name: "[C, H, W], 3 groups of 2", model: "input [6, 3, 4]\ngroupnorm(3)" },
  { name: "[C, L], eps 0.001", model: "input [4, 5]\ngroupnorm(2, eps = 0.001)" },
  { name: "[C] after dense, layer norm (1 group)", model: "input [5]\ndense(6) -> groupnorm(1)" },
  { name: "instance norm (a group per channel)", model: "input [3, 4]\ngroupnorm(3)" },
];
