import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** Inverted dropout while training, seeded per forward call; the identity otherwise. */
export const dropoutTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"dropout">> = {
  forward: (node, ctx) =>
    `(${ctx.training} ? tf.dropout(${ctx.input()}, ${ctx.literal(node.attrs.rate)}, undefined, ${ctx.callSeed}) : ${ctx.input()})`,
};
