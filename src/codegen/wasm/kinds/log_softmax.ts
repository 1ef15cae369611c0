import { softmaxEmitter } from "../kernels/softmax.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";

/** log_softmax along its axis (../kernels/softmax.ts). */
export const logSoftmaxWasm: WasmLayerEmitter = softmaxEmitter(true);
