import type { ResolvedAttrsOf } from "../definitions.js";
import { maxPoolWasm } from "../../codegen/wasm/kernels/pooling.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** maxpool1d: max pooling with a height of 1 (../kernels/pooling.ts). */
export const maxpool1dWasm: WasmLayerEmitter<ResolvedAttrsOf<"maxpool1d">> = maxPoolWasm;
