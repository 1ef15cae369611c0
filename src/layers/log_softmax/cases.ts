import type { LayerCase } from "../shared/cases.js";

export const logSoftmaxCases: readonly LayerCase[] = [
  { name: "[6]", model: "input [6]\nlog_softmax" },
];
