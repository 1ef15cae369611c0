import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** y_j = max_p (w_jp·x + b_jp): one matMul against weight [units·k, in], then the max over k. */
export const maxoutTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"maxout">> = {
  forward(node, ctx) {
    const { units, k } = node.attrs;
    const inputs = node.inputShapes[0]![0]!;
    const pieces = `tf.matMul(${ctx.input()} as tf.Tensor2D, tf.reshape(${ctx.param("weight")}, [${units * k}, ${inputs}]) as tf.Tensor2D, false, true)`;
    const biased = node.attrs.bias
      ? `tf.add(${pieces}, tf.reshape(${ctx.param("bias")}, [${units * k}]))`
      : pieces;
    return `tf.max(tf.reshape(${biased}, [-1, ${units}, ${k}]), 2)`;
  },
};
