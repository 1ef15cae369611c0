import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/**
 * Group normalization on the channels-last internal layout ([n, …positions, C]): a group's
 * channels are consecutive, so the channel axis splits into [groups, C/groups] and the
 * positions flatten into one axis; tf.moments over positions and the group's channels
 * gives each sample's group its mean and biased variance. Then γ and β per channel
 * broadcast over the last axis.
 */
export const groupnormTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"groupnorm">> = {
  forward(node, ctx) {
    const shape = node.inputShapes[0]!;
    const channels = shape[0]!;
    const positions = shape.slice(1).reduce((a, b) => a * b, 1);
    const { groups, eps } = node.attrs;
    const internal = [...shape.slice(1), channels];
    const grouped = `tf.reshape(${ctx.input()}, [-1, ${positions}, ${groups}, ${channels / groups}])`;
    const normalised = `((g: tf.Tensor) => ((m: { mean: tf.Tensor; variance: tf.Tensor }) => tf.div(tf.sub(g, m.mean), tf.sqrt(tf.add(m.variance, ${ctx.literal(eps)}))))(tf.moments(g, [1, 3], true)))(${grouped})`;
    const back = `tf.reshape(${normalised}, [-1, ${internal.join(", ")}])`;
    return `tf.add(tf.mul(${back}, ${ctx.param("gamma")}), ${ctx.param("beta")})`;
  },
};
