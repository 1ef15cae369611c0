import type { LayerCase } from "../shared/cases.js";

export const globalAvgpoolCases: readonly LayerCase[] = [
  { name: "[C, H, W]", model: "input [3, 4, 5]\nglobal_avgpool" },
  { name: "[C, L]", model: "input [3, 6]\nglobal_avgpool" },
];
