import type { LayerCase } from "../shared/cases.js";

export const conv2dCases: readonly LayerCase[] = [
  { name: "stride 2, pad 1", model: "input [2, 7, 7]\nconv2d(3, 3, stride=2, pad=1)" },
  { name: "dilation 2", model: "input [2, 7, 7]\nconv2d(3, 3, dilation=2)" },
  { name: "dilation 2, groups 2", model: "input [2, 7, 7]\nconv2d(4, 3, dilation=2, groups=2)" },
  {
    name: "dilation [1, 2], groups 2 of 4 channels",
    model: "input [4, 6, 7]\nconv2d(2, [2, 3], dilation=[1, 2], groups=2, pad=1)",
  },
  {
    name: "depthwise, pad same, stride 2",
    model: "input [3, 5, 5]\nconv2d(3, 3, stride=2, pad=same, groups=3)",
  },
  { name: "rectangular kernel", model: "input [1, 5, 6]\nconv2d(2, [3, 2], pad=1)" },
];
