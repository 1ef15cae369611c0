import type { Attrs, Distribution, Initializer, ParamTensor } from "../ir/ir.js";
import type { ParamDeclaration, ParamSpec } from "../layers/shared/definition.js";

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
const canonicalInit: Record<string, string> = {
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

/** The user's initializer choice for a tensor with these fans, resolved to its distribution. */
function chosenInitializer(
  name: string,
  options: Attrs,
  isBias: boolean,
  fanIn: number,
  fanOut: number,
): Initializer {
  const kind = canonicalInit[name] ?? name;
  const given = (distribution: Distribution): Initializer => ({
    name: kind,
    formula: "",
    distribution,
  });
  const number = (option: string) => options[option] as number;
  const uniform = (bound: number, formula: string): Initializer => ({
    name: kind,
    formula: `b = ${formula} = ${bound}`,
    distribution: { kind: "uniform", low: -bound, high: bound },
  });
  const normal = (std: number, formula: string): Initializer => ({
    name: kind,
    formula: `σ = ${formula} = ${std}`,
    distribution: { kind: "normal", mean: 0, std },
  });
  const sum = fanIn + fanOut;
  switch (kind) {
    case "zeros":
      return given({ kind: "constant", value: 0 });
    case "ones":
      return given({ kind: "constant", value: 1 });
    case "constant":
      return given({ kind: "constant", value: number(isBias ? "bias_value" : "init_value") });
    case "normal":
      return given({ kind: "normal", mean: number("init_mean"), std: number("init_std") });
    case "uniform":
      return given({ kind: "uniform", low: number("init_low"), high: number("init_high") });
    case "xavier_normal":
      return normal(Math.sqrt(2 / sum), `√(2/(fan_in + fan_out)) = √(2/${sum})`);
    case "xavier_uniform":
      return uniform(Math.sqrt(6 / sum), `√(6/(fan_in + fan_out)) = √(6/${sum})`);
    case "he_normal":
      return normal(Math.sqrt(2 / fanIn), `√(2/fan_in) = √(2/${fanIn})`);
    case "he_uniform":
      return uniform(Math.sqrt(6 / fanIn), `√(6/fan_in) = √(6/${fanIn})`);
    case "lecun_normal":
      return normal(Math.sqrt(1 / fanIn), `√(1/fan_in) = √(1/${fanIn})`);
    default:
      // lecun_uniform, the last of initNames
      return uniform(Math.sqrt(3 / fanIn), `√(3/fan_in) = √(3/${fanIn})`);
  }
}

/** The layer's declared tensors with the per-layer options applied. */
export function applyParameterOptions(
  declared: readonly ParamDeclaration[],
  options: Attrs,
): ParamTensor[] {
  return declared.map((tensor) => {
    const isBias = tensor.name === "bias";
    const chosen = isBias ? options.bias_init : options.init;
    return {
      name: tensor.name,
      shape: tensor.shape,
      init:
        typeof chosen === "string"
          ? chosenInitializer(chosen, options, isBias, tensor.fanIn, tensor.fanOut)
          : tensor.defaultInit,
      trainable: options.frozen !== true,
      lrMultiplier: (options.lr_mult as number | undefined) ?? 1,
      l1: tensor.penalized ? ((options.l1 as number | undefined) ?? 0) : 0,
      l2: tensor.penalized ? ((options.l2 as number | undefined) ?? 0) : 0,
      penalized: tensor.penalized,
    };
  });
}

/** One line per initializer, as the summary shows it: "uniform(±0.2)", "he_normal". */
export function describeInitializer(tensor: ParamTensor): string {
  const { name, distribution: d } = tensor.init;
  const round = (v: number) => Number(v.toPrecision(3));
  if (name === "uniform" && d.kind === "uniform" && d.low === -d.high)
    return `uniform(±${round(d.high)})`;
  if (name === "uniform" && d.kind === "uniform")
    return `uniform(${round(d.low)}, ${round(d.high)})`;
  if (name === "normal" && d.kind === "normal") return `normal(${round(d.mean)}, ${round(d.std)})`;
  if (name === "constant" && d.kind === "constant") return `constant(${round(d.value)})`;
  return name;
}
