import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/**
 * x for x > 0, α(eˣ − 1) otherwise, as relu(x) + α·expm1(min(x, 0)): tf.elu has α = 1,
 * and a tf.where on x > 0 has no gradient in tfjs (none is registered for Greater).
 */
export const eluTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"elu">> = {
  forward: (node, ctx) =>
    `tf.add(tf.relu(${ctx.input()}), tf.mul(${ctx.literal(node.attrs.alpha)}, tf.expm1(tf.minimum(${ctx.input()}, 0))))`,
};
