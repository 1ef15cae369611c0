import type { ResolvedAttrsOf } from "../definitions.js";
import { avgPoolWasm } from "../../codegen/wasm/kernels/pooling.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** avgpool1d: average pooling with a height of 1 (../kernels/pooling.ts). */
export const avgpool1dWasm: WasmLayerEmitter<ResolvedAttrsOf<"avgpool1d">> = avgPoolWasm;
