import { maxPoolWasm } from "../kernels/pooling.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";

/** maxpool1d: max pooling with a height of 1 (../kernels/pooling.ts). */
export const maxpool1dWasm: WasmLayerEmitter = maxPoolWasm;
