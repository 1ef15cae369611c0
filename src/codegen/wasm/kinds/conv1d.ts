import { convolutionWasm } from "../kernels/convolution.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";

/** conv1d: a convolution with a height of 1 (../kernels/convolution.ts). */
export const conv1dWasm: WasmLayerEmitter = convolutionWasm;
