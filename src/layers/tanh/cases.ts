import type { LayerCase } from "../shared/cases.js";

export const tanhCases: readonly LayerCase[] = [{ name: "[7]", model: "input [7]\ntanh" }];
