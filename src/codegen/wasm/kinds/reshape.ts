import { viewWasm } from "../kernels/view.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";

/** reshape: a view of its input (../kernels/view.ts). */
export const reshapeWasm: WasmLayerEmitter = viewWasm;
