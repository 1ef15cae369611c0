import type { Attrs, Initializer, InitializerKind, ParamTensor } from "../ir/ir.js";
import type { ParamDeclaration, ParamSpec } from "./layers/layer-kind.js";

/**
 * Options every layer with parameters accepts, handled here once for all kinds (no layer
 * module declares them). `name` is accepted by every layer. Initializer arguments:
 *   init = constant → init_value (default 0)
 *   init = normal   → init_mean (0), init_std (0.01)
 *   init = uniform  → init_low (−0.05), init_high (0.05)
 * and `bias_init` with `bias_value` for a constant bias. `init` applies to every tensor
 * except the bias (conv/dense weight, batchnorm gamma and beta); `bias_init` to the bias.
 */

const initNames = [
  "zeros",
  "ones",
  "constant",
  "normal",
  "uniform",
  "xavier_normal",
  "xavier_uniform",
  "glorot_normal",
  "glorot_uniform",
  "he_normal",
  "he_uniform",
  "kaiming_normal",
  "kaiming_uniform",
  "lecun_normal",
  "lecun_uniform",
] as const;

/** Glorot is Xavier and Kaiming is He: one name each in the IR. */
const canonicalInit: Record<string, InitializerKind> = {
  glorot_normal: "xavier_normal",
  glorot_uniform: "xavier_uniform",
  kaiming_normal: "he_normal",
  kaiming_uniform: "he_uniform",
};

export const nameOption: ParamSpec = {
  name: "name",
  type: { kind: "string" },
  default: null,
  doc: "The node's id in the summary and in emitted code (default: kind and a counter, e.g. conv2d_1).",
};

export const parameterOptions: readonly ParamSpec[] = [
  {
    name: "init",
    type: { kind: "symbol", options: initNames },
    default: null,
    doc: "Initializer of the weights (default: PyTorch's, uniform ±1/√fan_in).",
  },
  {
    name: "init_value",
    type: { kind: "float" },
    default: 0,
    doc: "The value for init = constant.",
  },
  { name: "init_mean", type: { kind: "float" }, default: 0, doc: "The mean for init = normal." },
  {
    name: "init_std",
    type: { kind: "float", min: 0 },
    default: 0.01,
    doc: "The standard deviation for init = normal.",
  },
  {
    name: "init_low",
    type: { kind: "float" },
    default: -0.05,
    doc: "The lower bound for init = uniform.",
  },
  {
    name: "init_high",
    type: { kind: "float" },
    default: 0.05,
    doc: "The upper bound for init = uniform.",
  },
  {
    name: "bias_init",
    type: { kind: "symbol", options: ["zeros", "ones", "constant"] },
    default: null,
    doc: "Initializer of the bias (default: PyTorch's, uniform ±1/√fan_in).",
  },
  {
    name: "bias_value",
    type: { kind: "float" },
    default: 0,
    doc: "The value for bias_init = constant.",
  },
  {
    name: "frozen",
    type: { kind: "bool" },
    default: false,
    doc: "Keep this layer's parameters fixed during training.",
  },
  {
    name: "lr_mult",
    type: { kind: "float", min: 0 },
    default: 1,
    doc: "Learning-rate multiplier for this layer's parameters.",
  },
  {
    name: "l1",
    type: { kind: "float", min: 0 },
    default: 0,
    doc: "L1 penalty coefficient on this layer's weights (added to the loss as l1·Σ|w|).",
  },
  {
    name: "l2",
    type: { kind: "float", min: 0 },
    default: 0,
    doc: "L2 penalty coefficient on this layer's weights (added to the loss as l2·Σw²/2).",
  },
];

/** The names of options the checker consumes, so they are kept out of a layer's own attrs. */
export const optionNames = new Set([nameOption.name, ...parameterOptions.map((p) => p.name)]);

function initializerFor(
  kindName: string,
  options: Attrs,
  prefix: "init" | "bias",
): { kind: InitializerKind; a?: number; b?: number } {
  const kind = canonicalInit[kindName] ?? (kindName as InitializerKind);
  if (kind === "constant")
    return { kind, a: options[prefix === "init" ? "init_value" : "bias_value"] as number };
  if (kind === "normal")
    return { kind, a: options.init_mean as number, b: options.init_std as number };
  if (kind === "uniform")
    return { kind, a: options.init_low as number, b: options.init_high as number };
  return { kind };
}

/**
 * The initializer with its fans, as a plain object literal with the same keys in the same
 * order as `{ ...base, fanIn, fanOut }`. Not the spread: V8 in Node 20 turns object spread
 * over differently shaped initializers into a slow generic copy (about 100× slower than
 * a literal in a micro-benchmark, and visible in the front end's profile of large models).
 */
function withFans(
  base: Omit<Initializer, "fanIn" | "fanOut">,
  fanIn: number,
  fanOut: number,
): Initializer {
  const { kind, a, b } = base;
  if (a === undefined && b === undefined) return { kind, fanIn, fanOut };
  if (b === undefined) return { kind, a, fanIn, fanOut };
  if (a === undefined) return { kind, b, fanIn, fanOut };
  return { kind, a, b, fanIn, fanOut };
}

/** The layer's declared tensors with the per-layer options applied. */
export function applyParameterOptions(
  declared: readonly ParamDeclaration[],
  options: Attrs,
): ParamTensor[] {
  return declared.map((tensor) => {
    const isBias = tensor.name === "bias";
    const chosen = isBias ? options.bias_init : options.init;
    const base =
      typeof chosen === "string"
        ? initializerFor(chosen, options, isBias ? "bias" : "init")
        : tensor.defaultInit;
    const init = withFans(base, tensor.fanIn, tensor.fanOut);
    return {
      name: tensor.name,
      shape: tensor.shape,
      init,
      trainable: options.frozen !== true,
      lrMultiplier: (options.lr_mult as number | undefined) ?? 1,
      l1: tensor.penalized ? ((options.l1 as number | undefined) ?? 0) : 0,
      l2: tensor.penalized ? ((options.l2 as number | undefined) ?? 0) : 0,
    };
  });
}

/** One line per initializer, as the summary shows it: "uniform(±0.2)", "he_normal". */
export function describeInitializer(tensor: ParamTensor): string {
  const { kind, a, b } = tensor.init;
  const round = (v: number) => Number(v.toPrecision(3));
  if (kind === "uniform" && a !== undefined && b !== undefined && a === -b)
    return `uniform(±${round(b)})`;
  if (kind === "uniform") return `uniform(${round(a ?? 0)}, ${round(b ?? 0)})`;
  if (kind === "normal") return `normal(${round(a ?? 0)}, ${round(b ?? 0)})`;
  if (kind === "constant") return `constant(${round(a ?? 0)})`;
  return kind;
}
