import type { DiagnosticDefinition } from "../../diagnostics/messages.js";
import type { DiagnosticExtras } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import type { Attrs, AttrValue, Initializer, LayerNode, Shape } from "../../ir/ir.js";
import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";

/**
 * One layer kind = one module that declares everything about it: its parameters, its
 * shape rule, its parameter tensors, its counts, and how each backend emits it. The
 * registry (./index.ts) lists the modules; nothing else in netc switches on layer names.
 */

/** The type of a layer argument, checked by the evaluator before the layer sees it. */
export type ArgType =
  | { kind: "int"; min?: number }
  | { kind: "float"; min?: number; max?: number; minExclusive?: boolean }
  | { kind: "bool" }
  | { kind: "string" }
  /** One of a fixed set of bare names: `init = he_normal`. */
  | { kind: "symbol"; options: readonly string[] }
  /** An integer or one of a fixed set of names: `pad = same`. */
  | { kind: "intOrSymbol"; min?: number; options: readonly string[] }
  /** An integer, or a list of integers with one entry per spatial axis: `kernel = [5, 3]`. */
  | { kind: "ints"; min?: number }
  /** A list of positive integers: a shape. */
  | { kind: "shape" }
  /** A list of lists of integers (a connection table). */
  | { kind: "table" }
  /** A number, or a list of numbers (per-channel statistics: `normalize = [0.1307, 0.3081]`). */
  | { kind: "floats" };

export interface ParamSpec {
  name: string;
  type: ArgType;
  /** Absent means the argument is required. */
  default?: AttrValue;
  /** One line for completion, hover and the README. */
  doc: string;
}

/** What a layer's shape rule sees, and how it reports problems (it never throws). */
export interface ShapeContext {
  /** The layer's kind name, for messages. */
  readonly kind: string;
  /** Arguments after type checking and defaulting. */
  readonly args: Attrs;
  /** The input shape (the first input for multi-input nodes). */
  readonly input: Shape;
  readonly inputs: readonly Shape[];
  /** Model-wide option: whether a non-whole output size is an error or rounds down. */
  readonly rounding: "exact" | "floor";
  /** The whole layer call. */
  readonly span: Span;
  /** The span of an argument's value if it was written, else the call's span. */
  argSpan(name: string): Span;
  /** Whether the user wrote this argument (as opposed to it taking its default). */
  given(name: string): boolean;
  report(
    definition: DiagnosticDefinition,
    span: Span,
    args?: readonly (string | number)[],
    extras?: DiagnosticExtras,
  ): void;
}

/** A parameter tensor as the layer declares it; the evaluator adds per-layer options (init, frozen, lr_mult, l1, l2). */
export interface ParamDeclaration {
  name: string;
  shape: Shape;
  /** The initializer used when the user gives none. */
  defaultInit: Omit<Initializer, "fanIn" | "fanOut">;
  fanIn: number;
  fanOut: number;
  /** Whether weight penalties (l1, l2, weight decay) apply; false for biases and norm scales. */
  penalized: boolean;
}

export interface LayerKind {
  name: string;
  /** One paragraph for hover and docs. */
  doc: string;
  category: "layer" | "activation" | "pooling" | "normalization" | "regularization" | "structure";
  params: readonly ParamSpec[];
  /**
   * The shape rule: the output shape for `ctx.input`, or undefined after reporting a
   * diagnostic through `ctx`.
   */
  inferShape(ctx: ShapeContext): Shape | undefined;
  /** Trainable tensors; absent means none. */
  parameters?(args: Attrs, input: Shape, output: Shape): ParamDeclaration[];
  /** Non-trained state (running statistics). */
  buffers?(
    args: Attrs,
    input: Shape,
    output: Shape,
  ): { name: string; shape: Shape; fill: number }[];
  /** Multiply-accumulates for one sample's forward pass. */
  macs(args: Attrs, input: Shape, output: Shape): number;
  /** LeCun's connection count: weights and biases used, summed over output positions. */
  connections(args: Attrs, input: Shape, output: Shape): number;
  /** True for layers that behave differently when training (dropout, batch norm, noise). */
  trainingDependent?: boolean;
  /** Input ranks the layer accepts; the checker reports NET0307 for others before `inferShape` runs. */
  inputRanks?: readonly number[];
  /**
   * A rank-generic name the language also accepts: `maxpool` resolves to `maxpool1d` for a
   * rank-2 input and to `maxpool2d` for a rank-3 input (the kind whose `inputRanks` fits).
   */
  generic?: string;
  /** Other names that mean this kind exactly (`global_avgpool2d` for `global_avgpool`). */
  aliases?: readonly string[];
  /** Internal kinds (the residual join `add`) are created by the checker and cannot be called. */
  internal?: boolean;
  /**
   * Extra attributes for emitters, derived once from the arguments and shapes, so that no
   * emitter re-derives them (e.g. conv2d's per-axis `kernelSize`, `strides`, `padding`).
   * Merged over the arguments in `LayerNode.attrs`.
   */
  resolveAttrs?(args: Attrs, input: Shape, output: Shape): Record<string, AttrValue>;
  /** Backend emission; a kind without one is reported as unsupported by that backend. */
  tfjs?: TfjsLayerEmitter;
  loops?: LoopsLayerEmitter;
}

export type { LayerNode };
