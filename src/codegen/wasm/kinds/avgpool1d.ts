import { avgPoolWasm } from "../kernels/pooling.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";

/** avgpool1d: average pooling with a height of 1 (../kernels/pooling.ts). */
export const avgpool1dWasm: WasmLayerEmitter = avgPoolWasm;
