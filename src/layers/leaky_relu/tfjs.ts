import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const leakyReluTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"leaky_relu">> = {
  forward: (node, ctx) => `tf.leakyRelu(${ctx.input()}, ${ctx.literal(node.attrs.a)})`,
};
