import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** The slope is per channel, and the channel axis is last internally, so it broadcasts as is. */
export const preluTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"prelu">> = {
  forward: (_node, ctx) => `tf.prelu(${ctx.input()}, ${ctx.param("alpha")})`,
};
