import type { DiagnosticExtras } from "../../diagnostics/diagnostic.js";
import type { DiagnosticDefinition } from "../../diagnostics/messages.js";
import type { Span } from "../../diagnostics/span.js";
import type { Attrs, AttrValue, BufferTensor, Initializer, Shape } from "../../ir/ir.js";

/**
 * What a layer kind's definition declares (src/layers/<kind>/definition.ts): its
 * arguments, shape rule, parameter tensors, counts and documentation, and the typed
 * attributes its IR nodes carry. Definitions know nothing of any backend; semantics,
 * the language server and the graph read only them.
 */

/** The type of an argument, checked by the evaluator before the layer sees it. */
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
  readonly name: string;
  readonly type: ArgType;
  /** Absent means the argument is required; null means "not given" (an optional check or a derived default). */
  readonly default?: AttrValue;
  /** One line for completion, hover and the README. */
  readonly doc: string;
}

/** The value a checked argument of type T has. */
export type ValueOf<T extends ArgType> = T extends { kind: "int" | "float" }
  ? number
  : T extends { kind: "bool" }
    ? boolean
    : T extends { kind: "string" }
      ? string
      : T extends { kind: "symbol"; options: readonly (infer O)[] }
        ? O
        : T extends { kind: "intOrSymbol"; options: readonly (infer O)[] }
          ? number | O
          : T extends { kind: "ints" }
            ? number | readonly number[]
            : T extends { kind: "shape" }
              ? readonly number[]
              : T extends { kind: "table" }
                ? readonly (readonly number[])[]
                : T extends { kind: "floats" }
                  ? number | readonly number[]
                  : never;

/** The checked arguments of a parameter list: one field per parameter, null where the default is null. */
export type ArgsOf<P extends readonly ParamSpec[]> = {
  readonly [S in P[number] as S["name"]]:
    ValueOf<S["type"]> | (S extends { default: null } ? null : never);
};

/** What a layer's shape rule sees, and how it reports problems (it never throws). */
export interface ShapeContext<A extends Attrs = Attrs> {
  /** The layer's kind name, for messages. */
  readonly kind: string;
  /** Arguments after type checking and defaulting. */
  readonly args: A;
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

/** A parameter tensor as the layer declares it; the checker adds the per-layer options (init, frozen, lr_mult, l1, l2). */
export interface ParamDeclaration {
  name: string;
  shape: Shape;
  /** The initializer used when the user gives none, resolved (see ./init.ts). */
  defaultInit: Initializer;
  /** PyTorch's fans, for the initializers that scale with them (he_normal, xavier_uniform, …). */
  fanIn: number;
  fanOut: number;
  /** Whether weight penalties (l1, l2, weight decay) apply; false for biases and norm scales. */
  penalized: boolean;
}

export type LayerCategory =
  "layer" | "activation" | "pooling" | "normalization" | "regularization" | "structure";

/**
 * What a layer's output means when it is a model's last layer, for the checks of the
 * train section's loss: a classification loss names the meanings it takes (losses in
 * src/semantics/train/losses.ts); for another one, the layer's `warning` is reported.
 */
export type OutputMeaning =
  /** Unnormalised scores: what cross_entropy and hinge take. */
  | "logits"
  | "log_probabilities"
  /** A softmax over the classes. */
  | "probabilities"
  /** A sigmoid per output: not a distribution over the classes. */
  | "binary_probabilities"
  /** Squared distances, the smallest being the class (LeNet-5's RBF units). */
  | "distances";

export interface OutputRole {
  meaning: OutputMeaning;
  /** The warning when the loss does not take this meaning; its message gets the loss's name. */
  warning: DiagnosticDefinition;
  /** How to fix it, for a loss named `loss` that expects `expects` (its own words, e.g. "logits"). */
  help(loss: string, expects: string): string;
  /** A label on the loss setting, when it explains the warning. */
  lossLabel?(loss: string): string;
}

/**
 * One layer kind. A = its checked arguments, E = what `resolve` derives from them for
 * emitters; an IR node of this kind carries `A & E` as its attributes.
 */
export interface LayerDefinition<A extends Attrs, E extends Attrs> {
  readonly name: string;
  /** One paragraph for hover and docs. */
  readonly doc: string;
  readonly category: LayerCategory;
  readonly params: readonly ParamSpec[];
  /**
   * The shape rule: the output shape for `ctx.input`, or undefined after reporting a
   * diagnostic through `ctx`.
   */
  inferShape(ctx: ShapeContext<A>): Shape | undefined;
  /** Trainable tensors; absent means none. */
  parameters?(args: A, input: Shape, output: Shape): ParamDeclaration[];
  /** Non-trained state (running statistics). */
  buffers?(args: A, input: Shape, output: Shape): BufferTensor[];
  /** Multiply-accumulates for one sample's forward pass. */
  macs(args: A, input: Shape, output: Shape): number;
  /** LeCun's connection count: weights and biases used, summed over output positions. */
  connections(args: A, input: Shape, output: Shape): number;
  /**
   * What emitters need beyond the arguments, derived once from them and the shapes (a
   * window's geometry, a table's offsets), merged over the arguments in the node's
   * attributes. Absent: the arguments are all there is.
   */
  resolve?(args: A, input: Shape, output: Shape): E;
  /** True for layers that behave differently when training (dropout, batch norm, noise). */
  readonly trainingDependent?: boolean;
  /** Input ranks the layer accepts; the checker reports NET0307 for others before `inferShape` runs. */
  readonly inputRanks?: readonly number[];
  /**
   * A rank-generic name the language also accepts: `maxpool` resolves to `maxpool1d` for a
   * rank-2 input and to `maxpool2d` for a rank-3 input (the kind whose `inputRanks` fits).
   */
  readonly generic?: string;
  /** Other names that mean this kind exactly (`global_avgpool2d` for `global_avgpool`). */
  readonly aliases?: readonly string[];
  /** Internal kinds (the residual join `add`) are created by the checker and cannot be called. */
  readonly internal?: boolean;
  /** What the output means as a model's last layer, when it is not plain logits (see OutputMeaning). */
  asOutput?(args: A, output: Shape): OutputRole | undefined;
  /** A warning whenever this layer is a model's last layer, whatever the loss (dropout's NET0502). */
  readonly lastLayerWarning?: { warning: DiagnosticDefinition; help: string };
}

/** A definition with its types erased: how the checker and tools handle every kind alike. */
export type AnyLayerDefinition = LayerDefinition<Attrs, Attrs>;

/**
 * Declares a layer kind, inferring the type of its arguments from `params` and of its
 * resolved attributes from `resolve`, so that its IR nodes are typed for emitters.
 */
export function defineLayer<
  const N extends string,
  const P extends readonly ParamSpec[],
  E extends Attrs = Record<never, never>,
>(
  definition: { readonly name: N; readonly params: P } & LayerDefinition<ArgsOf<P>, E>,
): { readonly name: N; readonly params: P } & LayerDefinition<ArgsOf<P>, E> {
  return definition;
}

/** The attributes of an IR node of the kind `D` defines: its arguments and what it resolves. */
export type AttrsOf<D> = D extends LayerDefinition<infer A, infer E> ? A & E : never;
