import type { LayerCase } from "../shared/cases.js";

export const noiseCases: readonly LayerCase[] = [
  {
    name: "training: an identity gradient",
    model: "input [7]\nnoise(std = 0.5) -> dense(3)",
    agreement: "evaluation",
  },
];
