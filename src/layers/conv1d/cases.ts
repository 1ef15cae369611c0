import type { LayerCase } from "../shared/cases.js";

export const conv1dCases: readonly LayerCase[] = [
  { name: "stride 2, pad 1", model: "input [2, 9]\nconv1d(3, 3, stride=2, pad=1)" },
  {
    name: "dilation 2, groups 2",
    model: "input [2, 9]\nconv1d(4, 2, dilation=2, groups=2, bias=false)",
  },
];
