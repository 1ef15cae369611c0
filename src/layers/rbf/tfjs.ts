import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** y_i = Σ_j (x_j − w_ij)² over [n, 1, in] − [units, in]; negated when `negate`. */
export const rbfTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"rbf">> = {
  forward(node, ctx) {
    const distance = `tf.sum(tf.square(tf.sub(tf.expandDims(${ctx.input()}, 1), ${ctx.param("weight")})), -1)`;
    return node.attrs.negate ? `tf.neg(${distance})` : distance;
  },
};
