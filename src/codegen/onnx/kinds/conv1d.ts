import { convolutionOnnx } from "./shared.js";

/** conv1d: Conv (see convolutionOnnx). */
export const conv1dOnnx = convolutionOnnx;
