import type { LayerCase } from "../shared/cases.js";

export const sigmoidCases: readonly LayerCase[] = [{ name: "[7]", model: "input [7]\nsigmoid" }];
