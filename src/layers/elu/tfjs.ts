import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** x for x > 0, α(eˣ − 1) otherwise (tf.elu has α = 1, so written out). */
export const eluTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"elu">> = {
  forward: (node, ctx) =>
    `tf.where(tf.greater(${ctx.input()}, 0), ${ctx.input()}, tf.mul(${ctx.literal(node.attrs.alpha)}, tf.expm1(${ctx.input()})))`,
};
