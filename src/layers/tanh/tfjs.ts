import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const tanhTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"tanh">> = {
  forward: (_node, ctx) => `tf.tanh(${ctx.input()})`,
};
