import { softmaxEmitter } from "../kernels/softmax.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";

/** softmax along its axis (../kernels/softmax.ts). */
export const softmaxWasm: WasmLayerEmitter = softmaxEmitter(false);
