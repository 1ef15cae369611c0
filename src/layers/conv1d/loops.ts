import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { convolutionLoops } from "../../codegen/loops/lib/convolution.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** im2col and a register-blocked matrix product (../../codegen/loops/lib/convolution.ts). */
export const conv1dLoops: LoopsLayerEmitter<ResolvedAttrsOf<"conv1d">> = convolutionLoops;
