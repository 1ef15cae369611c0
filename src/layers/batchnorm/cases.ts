import type { LayerCase } from "../shared/cases.js";

export const batchnormCases: readonly LayerCase[] = [
  { name: "2-D", model: "input [3, 4, 4]\nbatchnorm" },
  { name: "1-D after dense", model: "input [5]\ndense(4) -> batchnorm" },
];
