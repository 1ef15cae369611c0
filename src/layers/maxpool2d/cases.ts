import type { LayerCase } from "../shared/cases.js";

export const maxpool2dCases: readonly LayerCase[] = [
  { name: "overlapping, padded", model: "input [2, 7, 7]\nmaxpool(3, stride=2, pad=1)" },
];
