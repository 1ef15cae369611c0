import { convolutionOnnx } from "./shared.js";

/** conv2d: Conv (see convolutionOnnx). */
export const conv2dOnnx = convolutionOnnx;
