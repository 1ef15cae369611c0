import type { LayerCase } from "../shared/cases.js";

export const flattenCases: readonly LayerCase[] = [
  { name: "channels-first order into dense", model: "input [2, 3, 3]\nflatten -> dense(2)" },
];
