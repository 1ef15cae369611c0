import type { ResolvedAttrsOf } from "../definitions.js";
import { convolutionWasm } from "../../codegen/wasm/kernels/convolution.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** conv2d: im2col and SIMD matrix products per sample (../kernels/convolution.ts). */
export const conv2dWasm: WasmLayerEmitter<ResolvedAttrsOf<"conv2d">> = convolutionWasm;
