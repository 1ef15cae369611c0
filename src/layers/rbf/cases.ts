import type { LayerCase } from "../shared/cases.js";

export const rbfCases: readonly LayerCase[] = [
  { name: "distances", model: "input [6]\nrbf(4)" },
  { name: "negated", model: "input [6]\nrbf(4, negate = true)" },
];
