import type { LayerCase } from "../shared/cases.js";

export const softmaxCases: readonly LayerCase[] = [
  { name: "[6]", model: "input [6]\nsoftmax" },
  { name: "over the channels of [3, 4]", model: "input [3, 4]\nsoftmax(axis = 0)" },
];
