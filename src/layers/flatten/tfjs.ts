import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** Channels-first flatten order: transpose back to [n, C, …] first. */
export const flattenTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"flatten">> = {
  forward(node, ctx) {
    if (node.inputShapes[0]!.length === 1) return ctx.input();
    return `tf.reshape(${ctx.helper("toChannelsFirst")}(${ctx.input()}), [-1, ${node.outputShape[0]}])`;
  },
};
