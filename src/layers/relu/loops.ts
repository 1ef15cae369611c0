import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { pointwiseLoops } from "../../codegen/loops/lib/pointwise.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** relu' = [x > 0] (seed 001). */
export const reluLoops: LoopsLayerEmitter<ResolvedAttrsOf<"relu">> = pointwiseLoops(() => ({
  forward: "v > 0 ? v : 0",
  derivative: "u > 0 ? 1 : 0",
  gate: true,
}));
