import type { LayerCase } from "../shared/cases.js";

export const reshapeCases: readonly LayerCase[] = [
  { name: "[12] as [3, 4] into conv1d", model: "input [12]\nreshape([3, 4]) -> conv1d(2, 2)" },
];
