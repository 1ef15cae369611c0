import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const zeropad2dTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"zeropad2d">> = {
  forward(node, ctx) {
    const { top, bottom, left, right } = node.attrs.sides;
    return `tf.pad(${ctx.input()}, [[0, 0], [${top}, ${bottom}], [${left}, ${right}], [0, 0]])`;
  },
};
