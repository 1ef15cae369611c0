import type { ResolvedAttrsOf } from "../definitions.js";
import { softmaxEmitter } from "../../codegen/wasm/kernels/softmax.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** log_softmax along its axis (../kernels/softmax.ts). */
export const logSoftmaxWasm: WasmLayerEmitter<ResolvedAttrsOf<"log_softmax">> =
  softmaxEmitter(true);
