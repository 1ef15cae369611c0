import type { LayerCase } from "../shared/cases.js";

export const conv2dTableCases: readonly LayerCase[] = [
  {
    name: "packed weights, partial table",
    model: "input [3, 6, 6]\nconv2d_table(4, 3, table = [[0, 1], [1, 2], [2], [0, 1, 2]])",
  },
  {
    name: "stride 2, pad 1, without bias",
    model:
      "input [3, 7, 7]\nconv2d_table(2, 3, table = [[2, 0], [1]], stride=2, pad=1, bias=false)",
  },
];
