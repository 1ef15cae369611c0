import { maxPoolWasm } from "../kernels/pooling.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";

/** maxpool2d: max pooling, the winner of each window kept (../kernels/pooling.ts). */
export const maxpool2dWasm: WasmLayerEmitter = maxPoolWasm;
