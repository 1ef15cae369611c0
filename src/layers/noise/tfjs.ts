import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** x + N(0, std²) while training, seeded per forward call (reproducible); the identity otherwise. */
export const noiseTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"noise">> = {
  forward(node, ctx) {
    const x = ctx.input();
    return `(${ctx.training} ? tf.add(${x}, tf.randomNormal(${x}.shape, 0, ${ctx.literal(node.attrs.std)}, "float32", ${ctx.callSeed})) : ${x})`;
  },
};
