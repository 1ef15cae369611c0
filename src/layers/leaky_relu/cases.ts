import type { LayerCase } from "../shared/cases.js";

export const leakyReluCases: readonly LayerCase[] = [
  { name: "a = 0.2", model: "input [7]\nleaky_relu(a = 0.2)" },
];
