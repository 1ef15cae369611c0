import type { ResolvedAttrsOf } from "../definitions.js";
import { viewWasm } from "../../codegen/wasm/kernels/view.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** flatten: a view of its input (../kernels/view.ts). */
export const flattenWasm: WasmLayerEmitter<ResolvedAttrsOf<"flatten">> = viewWasm;
