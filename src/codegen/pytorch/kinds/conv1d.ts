import { convolutionEmitter } from "./shared.js";

/** conv1d: nn.Conv1d (see convolutionEmitter). */
export const conv1dPytorch = convolutionEmitter("nn.Conv1d");
