import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** x [n, in] · Wᵀ with W stored as PyTorch's [out, in]. */
export const denseTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"dense">> = {
  forward(node, ctx) {
    const product = `tf.matMul(${ctx.input()} as tf.Tensor2D, ${ctx.param("weight")} as tf.Tensor2D, false, true)`;
    return node.attrs.bias ? `tf.add(${product}, ${ctx.param("bias")})` : product;
  },
};
