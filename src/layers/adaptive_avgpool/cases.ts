import type { LayerCase } from "../shared/cases.js";

export const adaptiveAvgpoolCases: readonly LayerCase[] = [
  { name: "2-D, overlapping bins", model: "input [2, 5, 7]\nadaptive_avgpool([3, 4])" },
  { name: "1-D", model: "input [2, 7]\nadaptive_avgpool(3)" },
];
