import type { ResolvedAttrsOf } from "../definitions.js";
import { maxPoolWasm } from "../../codegen/wasm/kernels/pooling.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** maxpool2d: max pooling, the winner of each window kept (../kernels/pooling.ts). */
export const maxpool2dWasm: WasmLayerEmitter<ResolvedAttrsOf<"maxpool2d">> = maxPoolWasm;
