import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { pointwiseLoops } from "../../codegen/loops/lib/pointwise.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** σ' = σ(1 − σ) (seed 001). */
export const sigmoidLoops: LoopsLayerEmitter<ResolvedAttrsOf<"sigmoid">> = pointwiseLoops(() => ({
  forward: "1 / (1 + Math.exp(-v))",
  derivative: "u * (1 - u)",
}));
