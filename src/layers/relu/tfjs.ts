import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const reluTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"relu">> = {
  forward: (_node, ctx) => `tf.relu(${ctx.input()})`,
};
