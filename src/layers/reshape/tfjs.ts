import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** Reinterprets channels-first values, so it goes through the channels-first layout and back. */
export const reshapeTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"reshape">> = {
  forward(node, ctx) {
    const from =
      node.inputShapes[0]!.length > 1
        ? `${ctx.helper("toChannelsFirst")}(${ctx.input()})`
        : ctx.input();
    const reshaped = `tf.reshape(${from}, [-1, ${node.outputShape.join(", ")}])`;
    return node.outputShape.length > 1 ? `${ctx.helper("toChannelsLast")}(${reshaped})` : reshaped;
  },
};
