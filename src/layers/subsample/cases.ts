import type { LayerCase } from "../shared/cases.js";

export const subsampleCases: readonly LayerCase[] = [
  { name: "LeNet-5's S2", model: "input [2, 6, 6]\nsubsample(2)" },
  { name: "overlapping, padded", model: "input [2, 7, 7]\nsubsample(3, stride=2, pad=1)" },
];
