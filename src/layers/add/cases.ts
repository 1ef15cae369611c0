import type { LayerCase } from "../shared/cases.js";

export const addCases: readonly LayerCase[] = [
  {
    name: "identity shortcut",
    model: "input [2, 4, 4]\nresidual {\n  conv2d(2, 3, pad=1) -> relu\n}",
  },
  {
    name: "projection shortcut",
    model: "input [2, 4, 4]\nresidual {\n  conv2d(3, 3, pad=1)\n} shortcut {\n  conv2d(3, 1)\n}",
  },
];
