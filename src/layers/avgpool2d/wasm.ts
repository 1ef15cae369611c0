import type { ResolvedAttrsOf } from "../definitions.js";
import { avgPoolWasm } from "../../codegen/wasm/kernels/pooling.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** avgpool2d: average pooling, padding counted (../kernels/pooling.ts). */
export const avgpool2dWasm: WasmLayerEmitter<ResolvedAttrsOf<"avgpool2d">> = avgPoolWasm;
