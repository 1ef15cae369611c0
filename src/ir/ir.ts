import type { Span } from "../diagnostics/span.js";

/**
 * The typed IR: the contract between the front end and the emitters. Emitters read
 * only this (never the AST) and never re-derive a shape: every node carries its
 * concrete input and output shapes, its parameter tensors and its source span.
 *
 * Shapes never include the batch dimension and are channels-first: [C], [C, L] or
 * [C, H, W], as the language writes them.
 */
export type Shape = readonly number[];

/** A layer attribute after evaluation and defaulting: plain JSON data. */
export type AttrValue = number | boolean | string | null | readonly AttrValue[];
export type Attrs = Readonly<Record<string, AttrValue>>;

export type InitializerKind =
  | "zeros"
  | "ones"
  | "constant"
  | "normal"
  | "uniform"
  | "xavier_normal"
  | "xavier_uniform"
  | "he_normal"
  | "he_uniform"
  | "lecun_normal"
  | "lecun_uniform";

/**
 * How a parameter tensor is initialised. Fans are computed by the layer module
 * (PyTorch's convention: fan_in = in_channels/groups · kernel size), so emitters only
 * evaluate the formula.
 */
export interface Initializer {
  kind: InitializerKind;
  /** constant: the value; normal: mean; uniform: low. */
  a?: number;
  /** normal: standard deviation; uniform: high. */
  b?: number;
  fanIn: number;
  fanOut: number;
}

export interface ParamTensor {
  /** Role within the layer: "weight", "bias", "gamma", "beta", "alpha", "centers", … */
  name: string;
  shape: Shape;
  init: Initializer;
  trainable: boolean;
  /** Per-layer learning-rate multiplier (1 unless `lr_mult` is given). */
  lrMultiplier: number;
  /** L1 and L2 penalty coefficients for this tensor (0 when none). */
  l1: number;
  l2: number;
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

export interface LayerNode {
  /** Unique within the model; used for display and as the prefix of emitted names. */
  id: string;
  /** The layer kind's name, e.g. "conv2d". The module in src/semantics/layers/ of that name owns it. */
  kind: string;
  attrs: Attrs;
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

/** A call-like setting in a train section after evaluation: `sgd(lr = 0.01)` → {name: "sgd", args: {lr: 0.01}}. */
export interface Configured {
  name: string;
  args: Readonly<Record<string, AttrValue>>;
  span: Span;
}

export interface TrainIR {
  model: string;
  span: Span;
  data: Configured;
  loss: Configured;
  optimizer: Configured;
  schedule?: Configured;
  batch: number;
  epochs: number;
  seed: number;
  /** Every other setting, evaluated (metrics, early_stopping, clip_norm, checkpoint, …). */
  settings: Readonly<Record<string, AttrValue | Configured>>;
  /**
   * Index into ProgramIR.models of the model instance this section trains: the model
   * with its default parameters, or a separate instance for `train M(classes = 100)`.
   */
  modelIndex?: number;
  /** The data's own sample shape (channels-first). A flat input [N] takes it flattened when the element counts agree. */
  sampleShape?: Shape;
  /** Number of classes of the data (classification data sets). */
  classes?: number;
}

export interface ProgramIR {
  models: readonly ModelIR[];
  trains: readonly TrainIR[];
}
