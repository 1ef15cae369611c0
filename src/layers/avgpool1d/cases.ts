import type { LayerCase } from "../shared/cases.js";

export const avgpool1dCases: readonly LayerCase[] = [
  { name: "kernel 3, stride 2", model: "input [2, 9]\navgpool(3, stride=2)" },
];
