import type { LayerCase } from "../shared/cases.js";

export const dropoutCases: readonly LayerCase[] = [
  { name: "rate 0.3", model: "input [10]\ndropout(0.3) -> dense(3)", agreement: "evaluation" },
];
