import type { ResolvedAttrsOf } from "../definitions.js";
import { viewWasm } from "../../codegen/wasm/kernels/view.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** reshape: a view of its input (../kernels/view.ts). */
export const reshapeWasm: WasmLayerEmitter<ResolvedAttrsOf<"reshape">> = viewWasm;
