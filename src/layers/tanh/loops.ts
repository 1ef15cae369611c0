import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { pointwiseLoops } from "../../codegen/loops/lib/pointwise.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** tanh' = 1 − tanh² (seed 001). */
export const tanhLoops: LoopsLayerEmitter<ResolvedAttrsOf<"tanh">> = pointwiseLoops(() => ({
  forward: "Math.tanh(v)",
  derivative: "1 - u * u",
}));
