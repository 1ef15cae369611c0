import type { LayerNode } from "../../ir/ir.js";
import type { TfjsLayerEmitter } from "./layer-emitter.js";
import { literal } from "./naming.js";
import { geometry2d, padArgument, pair } from "./window-emit.js";

/**
 * tfjs emission for the textbook catalogue's kinds (issue 4): LeNet-5's trainable
 * subsampling, connection-table convolution and RBF output, AlexNet's LRN, adaptive
 * average pooling, maxout and noise injection. All in the channels-last internal layout
 * (channel axis last); every parameter is stored in its IR (channels-first) shape, so
 * getTensors/setTensors and gradients need no layout change.
 */

const explicitPad = (padding: [number, number][]) =>
  `[[0, 0], [${padding[0]![0]}, ${padding[0]![1]}], [${padding[1]![0]}, ${padding[1]![1]}], [0, 0]]`;

/** y = weight[c]·Σ(window) + bias[c]: the window sum is the zero-padded average times the window area. */
export const subsampleTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const g = geometry2d(node);
    const area = g.kernel[0]! * g.kernel[1]!;
    const padded = g.padding.flat().some((p) => p !== 0);
    const x = padded
      ? `tf.pad(${ctx.input()} as tf.Tensor4D, ${explicitPad(g.padding)})`
      : `(${ctx.input()} as tf.Tensor4D)`;
    const sum = `tf.mul(tf.avgPool(${x}, ${pair(g.kernel)}, ${pair(g.strides)}, "valid"), ${area})`;
    return `tf.add(tf.mul(${sum}, ${ctx.param("weight")}), ${ctx.param("bias")})`;
  },
};

/**
 * Connection-table convolution. The packed weight [P, kH, kW] (P = Σ|table[j]|, in table
 * order) is scattered at forward time into a dense tfjs kernel [kH, kW, in, out] by a
 * constant 0/1 matrix [P, in·out] (row p has its 1 at in_i·out + j for the p-th
 * connection i → j), built from JS numbers rather than tf.oneHot, whose wasm kernel
 * ignores a float dtype; unconnected kernels are zeros. Autodiff carries the gradient back
 * through the scatter, so the trained and saved tensor stays packed.
 */
export const connectionTableTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const g = geometry2d(node);
    const table = node.attrs.table as readonly (readonly number[])[];
    const inputs = node.inputShapes[0]![0]!;
    const outputs = table.length;
    const positions = table.flatMap((row, j) => row.map((i) => i * outputs + j));
    const [kH, kW] = g.kernel as [number, number];
    const scatter = `${ctx.helper("connectionScatter")}(${literal(positions)}, ${inputs * outputs})`;
    const taps = `tf.reshape(tf.transpose(${ctx.param("weight")}, [1, 2, 0]), [${kH * kW}, ${positions.length}])`;
    const kernel = `tf.reshape(tf.matMul(${taps}, ${scatter}), [${kH}, ${kW}, ${inputs}, ${outputs}]) as tf.Tensor4D`;
    const conv = `tf.conv2d(${ctx.input()} as tf.Tensor4D, ${kernel}, ${pair(g.strides)}, ${padArgument(g.padding)}, "NHWC", ${pair(g.dilations)})`;
    return node.attrs.bias === true ? `tf.add(${conv}, ${ctx.param("bias")})` : conv;
  },
};

/** y_i = Σ_j (x_j − w_ij)² over [n, 1, in] − [units, in]; negated when `negate`. */
export const rbfTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const distance = `tf.sum(tf.square(tf.sub(tf.expandDims(${ctx.input()}, 1), ${ctx.param("weight")})), -1)`;
    return node.attrs.negate === true ? `tf.neg(${distance})` : distance;
  },
};

/**
 * PyTorch's LocalResponseNorm over the channel axis (last internally): the squares are
 * zero-padded by windowBefore/windowAfter channels and the window sum is the sum of
 * size shifted slices; b = a·(k + α/n·Σ)^(−β), always divided by n.
 */
export const lrnTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const before = node.attrs.windowBefore as number;
    const after = node.attrs.windowAfter as number;
    const size = node.attrs.size as number;
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
        `tf.slice(padded, ${literal([...zeros, offset])}, ${literal([...all, channels])})`,
    );
    const sum = slices.length === 1 ? slices[0]! : `tf.addN([${slices.join(", ")}])`;
    const scale = `tf.pow(tf.add(${literal(node.attrs.k)}, tf.mul(${literal((node.attrs.alpha as number) / size)}, ${sum})), ${literal(-(node.attrs.beta as number))})`;
    return `((padded: tf.Tensor) => tf.mul(${x}, ${scale}))(${squares})`;
  },
};

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
export const adaptiveAveragePoolingTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const shape = node.inputShapes[0]!;
    const bins = node.attrs.bins as unknown as [number, number][][];
    const channels = shape[0]!;
    const matrix = (axis: number) => {
      const m = binMatrix(bins[axis]!, shape[axis + 1]!);
      return `tf.tensor2d(${literal(m)}, [${m.length}, ${bins[axis]!.length}])`;
    };
    const x = ctx.input();
    if (shape.length === 2) {
      const [length] = [shape[1]!];
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

/** y_j = max_p (w_jp·x + b_jp): one matMul against weight [units·k, in], then the max over k. */
export const maxoutTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const units = node.attrs.units as number;
    const k = node.attrs.k as number;
    const inputs = node.inputShapes[0]![0]!;
    const pieces = `tf.matMul(${ctx.input()} as tf.Tensor2D, tf.reshape(${ctx.param("weight")}, [${units * k}, ${inputs}]) as tf.Tensor2D, false, true)`;
    const biased =
      node.attrs.bias === true
        ? `tf.add(${pieces}, tf.reshape(${ctx.param("bias")}, [${units * k}]))`
        : pieces;
    return `tf.max(tf.reshape(${biased}, [-1, ${units}, ${k}]), 2)`;
  },
};

/** x + N(0, std²) while training, seeded per forward call (reproducible); the identity otherwise. */
export const noiseTfjs: TfjsLayerEmitter = {
  forward(node: LayerNode, ctx) {
    const x = ctx.input();
    return `(${ctx.training} ? tf.add(${x}, tf.randomNormal(${x}.shape, 0, ${literal(node.attrs.std)}, "float32", ${ctx.callSeed})) : ${x})`;
  },
};
