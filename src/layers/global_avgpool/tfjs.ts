import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** Mean over every position: [n, H, W, C] or [n, L, C] → [n, C]. */
export const globalAvgpoolTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"global_avgpool">> = {
  forward: (node, ctx) =>
    `tf.mean(${ctx.input()}, ${node.inputShapes[0]!.length === 3 ? "[1, 2]" : "[1]"})`,
};
