import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const addTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"add">> = {
  forward: (_node, ctx) => `tf.add(${ctx.input(0)}, ${ctx.input(1)})`,
};
