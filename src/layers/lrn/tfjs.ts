import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/**
 * PyTorch's LocalResponseNorm over the channel axis (last internally): the squares are
 * zero-padded by windowBefore/windowAfter channels and the window sum is the sum of
 * size shifted slices; b = a·(k + α/n·Σ)^(−β), always divided by n.
 */
export const lrnTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"lrn">> = {
  forward(node, ctx) {
    const { windowBefore: before, windowAfter: after, size, k, alpha, beta } = node.attrs;
    const shape = node.inputShapes[0]!;
    const rank = shape.length + 1;
    const channels = shape[0]!;
    const x = ctx.input();
    const padding = [...new Array<string>(rank - 1).fill("[0, 0]"), `[${before}, ${after}]`].join(
      ", ",
    );
    const squares = `tf.pad(tf.square(${x}), [${padding}])`;
    const zeros = new Array<number>(rank - 1).fill(0);
    const all = new Array<number>(rank - 1).fill(-1);
    const slices = Array.from(
      { length: before + after + 1 },
      (_, offset) =>
        `tf.slice(padded, ${ctx.literal([...zeros, offset])}, ${ctx.literal([...all, channels])})`,
    );
    const sum = slices.length === 1 ? slices[0]! : `tf.addN([${slices.join(", ")}])`;
    const scale = `tf.pow(tf.add(${ctx.literal(k)}, tf.mul(${ctx.literal(alpha / size)}, ${sum})), ${ctx.literal(-beta)})`;
    return `((padded: tf.Tensor) => tf.mul(${x}, ${scale}))(${squares})`;
  },
};
