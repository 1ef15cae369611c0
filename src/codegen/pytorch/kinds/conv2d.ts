import { convolutionEmitter } from "./shared.js";

/** conv2d: nn.Conv2d (see convolutionEmitter). */
export const conv2dPytorch = convolutionEmitter("nn.Conv2d");
