import { viewWasm } from "../kernels/view.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";

/** flatten: a view of its input (../kernels/view.ts). */
export const flattenWasm: WasmLayerEmitter = viewWasm;
