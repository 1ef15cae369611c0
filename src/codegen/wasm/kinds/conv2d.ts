import { convolutionWasm } from "../kernels/convolution.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";

/** conv2d: im2col and SIMD matrix products per sample (../kernels/convolution.ts). */
export const conv2dWasm: WasmLayerEmitter = convolutionWasm;
