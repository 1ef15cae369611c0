import type { LayerNode } from "../../ir/ir.js";
import type { StoredLayout, TfjsEmitContext, TfjsLayerEmitter } from "./layer-emitter.js";
import { internalAxis } from "./layout.js";

/**
 * tfjs emission for the windowed kinds (conv1d/2d, max/avg pool 1d/2d) and a few
 * structural kinds, shared by their layer modules. Reads the normalised attributes the
 * layer modules resolve (`kernelSize`, `strides`, `dilations`, `padding` as [before,
 * after] per axis). 1-D layers run as 2-D ones over a height of 1.
 */

type Pairs = [number, number][];

function numbers(node: LayerNode, name: string): number[] {
  const value = node.attrs[name];
  if (!Array.isArray(value))
    throw new Error(`${node.id}: attribute '${name}' is missing from the IR`);
  return value as number[];
}

function pairs(node: LayerNode): Pairs {
  const value = node.attrs.padding;
  if (!Array.isArray(value))
    throw new Error(`${node.id}: attribute 'padding' is missing from the IR`);
  return value as Pairs;
}

/** 2-D geometry of a 1-D or 2-D window: 1-D gets height 1, kernel 1, stride 1, no padding. */
export function geometry2d(node: LayerNode) {
  const kernel = numbers(node, "kernelSize");
  const strides = numbers(node, "strides");
  const dilations =
    node.attrs.dilations === undefined ? kernel.map(() => 1) : numbers(node, "dilations");
  const padding = pairs(node);
  if (kernel.length === 2) return { kernel, strides, dilations, padding };
  return {
    kernel: [1, kernel[0]!],
    strides: [1, strides[0]!],
    dilations: [1, dilations[0]!],
    padding: [[0, 0], padding[0]!] as Pairs,
  };
}

const explicitPaddingType =
  "[[number, number], [number, number], [number, number], [number, number]]";

/** tfjs' pad argument: "valid", one number when symmetric and equal on both axes, else explicit. */
export function padArgument(padding: Pairs): string {
  const flat = padding.flat();
  if (flat.every((p) => p === 0)) return `"valid"`;
  const [first] = flat;
  if (flat.every((p) => p === first)) return String(first);
  return `[[0, 0], [${padding[0]![0]}, ${padding[0]![1]}], [${padding[1]![0]}, ${padding[1]![1]}], [0, 0]] as ${explicitPaddingType}`;
}

export function pair(values: number[]): string {
  return `[${values[0]}, ${values[1]}]`;
}

function inChannels(node: LayerNode): number {
  return node.inputShapes[0]![0]!;
}

function isDepthwise(node: LayerNode): boolean {
  const groups = node.attrs.groups as number;
  return groups > 1 && groups === inChannels(node);
}

/** Wraps a 2-D expression for a 1-D layer: [n, L, C] → [n, 1, L, C] → … → [n, L', C']. */
function asSpatial(node: LayerNode, ctx: TfjsEmitContext, body: (x: string) => string): string {
  const spatialRank = node.inputShapes[0]!.length - 1;
  if (spatialRank === 2) return body(`(${ctx.input()} as tf.Tensor4D)`);
  return `tf.squeeze(${body(`tf.expandDims(${ctx.input()}, 1) as tf.Tensor4D`)}, [1])`;
}

export const convolutionTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const g = geometry2d(node);
    const groups = node.attrs.groups as number;
    const weight = `(${ctx.param("weight")} as tf.Tensor4D)`;
    const args = `${pair(g.strides)}, ${padArgument(g.padding)}, "NHWC", ${pair(g.dilations)}`;
    const conv = asSpatial(node, ctx, (x) => {
      if (groups === 1) return `tf.conv2d(${x}, ${weight}, ${args})`;
      if (isDepthwise(node)) return `tf.depthwiseConv2d(${x}, ${weight}, ${args})`;
      return `${ctx.helper("conv2dGrouped")}(${x}, ${weight}, ${pair(g.strides)}, ${padArgument(g.padding)}, ${pair(g.dilations)}, ${groups})`;
    });
    return node.attrs.bias === true ? `tf.add(${conv}, ${ctx.param("bias")})` : conv;
  },
  /** PyTorch [out, in/g, (kH,) kW] → tfjs [kH, kW, in/g, out], or [kH, kW, in, multiplier] when depthwise. */
  storage(node, tensorName): StoredLayout | undefined {
    if (tensorName !== "weight") return undefined;
    const shape = node.params.find((p) => p.name === "weight")!.shape;
    const [out, perGroup] = shape as [number, number];
    const spatial = shape.slice(2);
    const kernel = spatial.length === 2 ? spatial : [1, spatial[0]!];
    if (isDepthwise(node)) {
      const channels = inChannels(node);
      return { reshape: [channels, out / channels, kernel[0]!, kernel[1]!], perm: [2, 3, 0, 1] };
    }
    return { reshape: [out, perGroup, kernel[0]!, kernel[1]!], perm: [2, 3, 1, 0] };
  },
};

export const maxPoolingTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const g = geometry2d(node);
    return asSpatial(
      node,
      ctx,
      (x) => `tf.maxPool(${x}, ${pair(g.kernel)}, ${pair(g.strides)}, ${padArgument(g.padding)})`,
    );
  },
};

/** Average pooling counts padded zeros (PyTorch's count_include_pad), so padding is explicit zeros. */
export const averagePoolingTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const g = geometry2d(node);
    const padded = g.padding.flat().some((p) => p !== 0);
    return asSpatial(node, ctx, (x) => {
      const input = padded
        ? `tf.pad(${x}, [[0, 0], [${g.padding[0]![0]}, ${g.padding[0]![1]}], [${g.padding[1]![0]}, ${g.padding[1]![1]}], [0, 0]])`
        : x;
      return `tf.avgPool(${input}, ${pair(g.kernel)}, ${pair(g.strides)}, "valid")`;
    });
  },
};

/** Mean over every position: [n, H, W, C] or [n, L, C] → [n, C]. */
export const globalAveragePoolingTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const rank = node.inputShapes[0]!.length;
    const axes = rank === 3 ? "[1, 2]" : "[1]";
    return `tf.mean(${ctx.input()}, ${axes})`;
  },
};

/** Channels-first flatten order: transpose back to [n, C, …] first. */
export const flattenTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const size = node.outputShape[0]!;
    if (node.inputShapes[0]!.length === 1) return ctx.input();
    return `tf.reshape(${ctx.helper("toChannelsFirst")}(${ctx.input()}), [-1, ${size}])`;
  },
};

/** Reinterprets channels-first values, so it goes through the channels-first layout and back. */
export const reshapeTfjs: TfjsLayerEmitter = {
  forward(node, ctx) {
    const from =
      node.inputShapes[0]!.length > 1
        ? `${ctx.helper("toChannelsFirst")}(${ctx.input()})`
        : ctx.input();
    const reshaped = `tf.reshape(${from}, [-1, ${node.outputShape.join(", ")}])`;
    return node.outputShape.length > 1 ? `${ctx.helper("toChannelsLast")}(${reshaped})` : reshaped;
  },
};

/** Softmax-like kinds over a channels-first `axis` attribute (default -1). */
export function normalisedExponential(node: LayerNode, ctx: TfjsEmitContext, log: boolean): string {
  const rank = node.inputShapes[0]!.length;
  const axisAttr = typeof node.attrs.axis === "number" ? node.attrs.axis : -1;
  const axis = internalAxis(axisAttr, rank);
  const x = ctx.input();
  if (axis === rank) return log ? `tf.logSoftmax(${x})` : `tf.softmax(${x})`;
  // tfjs' softmax only works over the last axis: x − logsumexp(x) over the chosen one.
  const logProbabilities = `tf.sub(${x}, tf.logSumExp(${x}, ${axis}, true))`;
  return log ? logProbabilities : `tf.exp(${logProbabilities})`;
}
