import type { LayerCase } from "../shared/cases.js";

export const reluCases: readonly LayerCase[] = [{ name: "[7]", model: "input [7]\nrelu" }];
