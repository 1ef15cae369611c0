import type { Span } from "../diagnostics/span.js";

/**
 * The typed IR: the contract between the front end and the emitters. Emitters read
 * only this (never the AST) and never re-derive a shape, a default or a formula: every
 * node carries its concrete input and output shapes, its attributes as the layer's
 * definition resolved them, its parameter tensors with their initial distributions
 * and its source span.
 *
 * Shapes never include the batch dimension and are channels-first: [C], [C, L] or
 * [C, H, W], as the language writes them.
 */
export type Shape = readonly number[];

/**
 * A value in a node's attributes: an evaluated argument (plain JSON data), or a
 * structure the layer's definition resolved for emitters, such as a window's geometry.
 */
export type AttrValue =
  number | boolean | string | null | readonly AttrValue[] | { readonly [key: string]: AttrValue };

/**
 * A node's attributes. Each layer kind's definition (src/layers/<kind>/definition.ts)
 * says their exact type; emitters receive that type through their backend's registry.
 */
export type Attrs = { readonly [key: string]: AttrValue };

/** One spatial axis of a windowed layer (convolution, pooling, subsampling). */
export type WindowAxis = {
  /** "height", "width" or "length". */
  readonly name: string;
  /** The input size along the axis. */
  readonly size: number;
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
  /** Zero padding before the first and after the last position (`pad = same` may differ). */
  readonly padBefore: number;
  readonly padAfter: number;
  /** The output size: (size + padBefore + padAfter − dilation·(kernel − 1) − 1)/stride + 1, rounded as the model says. */
  readonly output: number;
};

/**
 * The geometry of a windowed layer, resolved once by the checker: one entry per spatial
 * axis ([length] or [height, width]), and the channels it maps. A convolution's groups
 * split the channels (1: every output channel sees every input channel; groups =
 * channelsIn: depthwise); poolings and subsampling work on each channel alone, so their
 * groups equal their channels.
 */
export type WindowGeometry = {
  readonly axes: readonly WindowAxis[];
  readonly channelsIn: number;
  readonly channelsOut: number;
  readonly groups: number;
};

/** The distribution a parameter tensor's values are drawn from when it is initialised. */
export type Distribution =
  | { readonly kind: "uniform"; readonly low: number; readonly high: number }
  | { readonly kind: "normal"; readonly mean: number; readonly std: number }
  | { readonly kind: "constant"; readonly value: number };

/**
 * How a parameter tensor is initialised, resolved by the checker: the initializer's
 * name as the language writes it ("uniform" for PyTorch's default, "he_normal", "zeros",
 * …), how its numbers follow from the layer (the fan formula, or "" when they were given
 * directly), and the distribution itself. Emitters only draw from the distribution.
 */
export interface Initializer {
  readonly name: string;
  readonly formula: string;
  readonly distribution: Distribution;
}

export interface ParamTensor {
  /** Role within the layer: "weight", "bias", "gamma", "beta", "alpha", … */
  name: string;
  shape: Shape;
  init: Initializer;
  trainable: boolean;
  /** Per-layer learning-rate multiplier (1 unless `lr_mult` is given). */
  lrMultiplier: number;
  /** L1 and L2 penalty coefficients of this layer's options for this tensor (0 when none). */
  l1: number;
  l2: number;
  /** Whether weight penalties (layer and global l1/l2, weight decay) apply: false for biases and norm scales. */
  penalized: boolean;
}

/** Non-trained state saved in checkpoints, e.g. batch norm's running mean and variance. */
export interface BufferTensor {
  name: string;
  shape: Shape;
  fill: number;
}

export interface LayerCounts {
  params: number;
  trainableParams: number;
  /** Multiply-accumulates of one forward pass for one sample. */
  macs: number;
  /** LeCun's connection count (seed 004): weights and biases used, summed over output positions. */
  connections: number;
}

export interface LayerNode<A extends Attrs = Attrs> {
  /** Unique within the model; used for display and as the prefix of emitted names. */
  id: string;
  /** The layer kind's name, e.g. "conv2d": src/layers/<kind>/ holds everything about it. */
  kind: string;
  /** The arguments (defaults filled in) and what the definition derived from them once. */
  attrs: A;
  /** Ids of the producing nodes; the model's input is the id "input". */
  inputs: readonly string[];
  inputShapes: readonly Shape[];
  outputShape: Shape;
  params: readonly ParamTensor[];
  buffers: readonly BufferTensor[];
  counts: LayerCounts;
  /** The layer call in the source. */
  span: Span;
  /** The block calls this node was expanded through, outermost first. */
  callStack: readonly { block: string; span: Span }[];
}

/** The window geometry of any windowed node, for tools that treat every kind alike (hover); emitters read their kind's typed `attrs.window`. */
export function windowOf(node: LayerNode): WindowGeometry | undefined {
  const window = node.attrs.window;
  if (typeof window !== "object" || window === null || Array.isArray(window)) return undefined;
  return "axes" in window && "groups" in window ? (window as WindowGeometry) : undefined;
}

export interface ModelIR {
  name: string;
  inputShape: Shape;
  /** Topologically ordered: every node comes after its inputs. */
  nodes: readonly LayerNode[];
  /** Id of the node whose output is the model's output. */
  output: string;
  span: Span;
  options: { rounding: "exact" | "floor" };
  totals: LayerCounts;
  /** The model's parameters as instantiated (defaults, or a train section's arguments). */
  args?: Readonly<Record<string, AttrValue>>;
}

/**
 * A call-like setting in a train section after evaluation, every argument present (the
 * checker fills in defaults): `sgd(lr = 0.01)` → {name: "sgd", args: {lr: 0.01, momentum: 0, …}}.
 */
export interface Configured {
  name: string;
  args: Readonly<Record<string, AttrValue>>;
  /** The arguments written in the source; the others took their defaults. */
  given: readonly string[];
  span: Span;
}

export interface TrainIR {
  model: string;
  /** False for the checker's defaults, given to a model without a train section. */
  declared: boolean;
  /** The train section, or the model's span when it has none. */
  span: Span;
  data: Configured;
  loss: Configured;
  optimizer: Configured;
  /** The optimizer's usual learning rate (its default), what a run whose loss explodes is told to try. */
  usualLearningRate: number;
  schedule?: Configured;
  batch: number;
  epochs: number;
  seed: number;
  /** Every other setting, evaluated, defaults included (metrics, early_stopping, clip_norm, checkpoint, …; null: off). */
  settings: Readonly<Record<string, AttrValue | Configured>>;
  /**
   * Index into ProgramIR.models of the model instance this section trains: the model
   * with its default parameters, or a separate instance for `train M(classes = 100)`.
   */
  modelIndex?: number;
  /** The data's own sample shape (channels-first). A flat input [N] takes it flattened when the element counts agree. */
  sampleShape: Shape;
  /** Number of classes of the data (classification data sets). */
  classes: number;
}

export interface ProgramIR {
  models: readonly ModelIR[];
  /**
   * The train sections, then the checker's defaults (`declared: false`) for every model
   * instantiated without one: each model a backend can compile has a TrainIR.
   */
  trains: readonly TrainIR[];
}
