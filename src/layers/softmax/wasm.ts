import type { ResolvedAttrsOf } from "../definitions.js";
import { softmaxEmitter } from "../../codegen/wasm/kernels/softmax.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** softmax along its axis (../kernels/softmax.ts). */
export const softmaxWasm: WasmLayerEmitter<ResolvedAttrsOf<"softmax">> = softmaxEmitter(false);
