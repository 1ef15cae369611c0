import { avgPoolWasm } from "../kernels/pooling.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";

/** avgpool2d: average pooling, padding counted (../kernels/pooling.ts). */
export const avgpool2dWasm: WasmLayerEmitter = avgPoolWasm;
