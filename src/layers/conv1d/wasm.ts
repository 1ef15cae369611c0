import type { ResolvedAttrsOf } from "../definitions.js";
import { convolutionWasm } from "../../codegen/wasm/kernels/convolution.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** conv1d: a convolution with a height of 1 (../kernels/convolution.ts). */
export const conv1dWasm: WasmLayerEmitter<ResolvedAttrsOf<"conv1d">> = convolutionWasm;
