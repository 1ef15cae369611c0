import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { pointwiseLoops } from "../../codegen/loops/lib/pointwise.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** elu(alpha): x for x > 0, α(eˣ − 1) otherwise; the derivative αeˣ = y + α there (seed 001). */
export const eluLoops: LoopsLayerEmitter<ResolvedAttrsOf<"elu">> = pointwiseLoops((node) => ({
  forward: `v > 0 ? v : ${node.attrs.alpha} * (Math.exp(v) - 1)`,
  derivative: `v > 0 ? 1 : u + ${node.attrs.alpha}`,
}));
