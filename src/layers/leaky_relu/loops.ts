import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { pointwiseLoops } from "../../codegen/loops/lib/pointwise.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** leaky_relu(a): x for x > 0, a·x otherwise (seed 001). */
export const leakyReluLoops: LoopsLayerEmitter<ResolvedAttrsOf<"leaky_relu">> = pointwiseLoops(
  (node) => ({
    forward: `v > 0 ? v : ${node.attrs.a} * v`,
    derivative: `v > 0 ? 1 : ${node.attrs.a}`,
  }),
);
