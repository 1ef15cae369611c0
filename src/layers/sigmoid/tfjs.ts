import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const sigmoidTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"sigmoid">> = {
  forward: (_node, ctx) => `tf.sigmoid(${ctx.input()})`,
};
