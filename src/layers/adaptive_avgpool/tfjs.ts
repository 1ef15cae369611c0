import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** The averaging matrix [in, out] of one axis: column i holds 1/|bin i| over bin i. */
function binMatrix(bins: readonly (readonly [number, number])[], inSize: number): number[][] {
  return Array.from({ length: inSize }, (_, h) =>
    bins.map(([start, end]) => (h >= start && h < end ? 1 / (end - start) : 0)),
  );
}

/**
 * Adaptive average pooling, separable: the mean over a rectangle of bins is the mean over
 * its rows of the means over its columns, so each axis is one matMul with its bin matrix.
 */
export const adaptiveAvgpoolTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"adaptive_avgpool">> = {
  forward(node, ctx) {
    const shape = node.inputShapes[0]!;
    const { bins } = node.attrs;
    const channels = shape[0]!;
    const matrix = (axis: number) => {
      const m = binMatrix(bins[axis]!, shape[axis + 1]!);
      return `tf.tensor2d(${ctx.literal(m)}, [${m.length}, ${bins[axis]!.length}])`;
    };
    const x = ctx.input();
    if (shape.length === 2) {
      const length = shape[1]!;
      const out = bins[0]!.length;
      return `tf.transpose(tf.reshape(tf.matMul(tf.reshape(tf.transpose(${x}, [0, 2, 1]), [-1, ${length}]), ${matrix(0)}), [-1, ${channels}, ${out}]), [0, 2, 1])`;
    }
    const [height, width] = [shape[1]!, shape[2]!];
    const outH = bins[0]!.length;
    const outW = bins[1]!.length;
    // rows: [n, H, W, C] → [n, W, C, H] · A_h → [n, W, C, outH] → [n, outH, W, C]
    const rows = `tf.transpose(tf.reshape(tf.matMul(tf.reshape(tf.transpose(${x}, [0, 2, 3, 1]), [-1, ${height}]), ${matrix(0)}), [-1, ${width}, ${channels}, ${outH}]), [0, 3, 1, 2])`;
    // columns: [n, outH, W, C] → [n, outH, C, W] · A_w → [n, outH, C, outW] → [n, outH, outW, C]
    return `tf.transpose(tf.reshape(tf.matMul(tf.reshape(tf.transpose(${rows}, [0, 1, 3, 2]), [-1, ${width}]), ${matrix(1)}), [-1, ${outH}, ${channels}, ${outW}]), [0, 1, 3, 2])`;
  },
};
