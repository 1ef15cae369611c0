import type { LayerCase } from "../shared/cases.js";

export const avgpool2dCases: readonly LayerCase[] = [
  { name: "padded (zeros counted)", model: "input [2, 7, 7]\navgpool(3, stride=2, pad=1)" },
];
