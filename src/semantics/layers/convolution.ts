import { Diagnostics } from "../../diagnostics/messages.js";
import type { Attrs, Shape } from "../../ir/ir.js";
import type { ParamDeclaration, ParamSpec, ShapeContext } from "./layer-kind.js";
import { checkAxisLists, fans, product, pytorchDefaultInit, windowShape } from "./window.js";

/** What conv1d and conv2d share: arguments, shape rule, tensors and counts (PyTorch semantics). */

export function convolutionParams(spatialRank: number): ParamSpec[] {
  const axes = spatialRank === 1 ? "length" : "[height, width]";
  return [
    { name: "filters", type: { kind: "int", min: 1 }, doc: "Number of output channels." },
    {
      name: "kernel",
      type: { kind: "ints", min: 1 },
      doc: `Kernel size: one integer, or one per axis (${axes}).`,
    },
    {
      name: "stride",
      type: { kind: "ints", min: 1 },
      default: 1,
      doc: "Step between windows, one integer or one per axis.",
    },
    {
      name: "pad",
      type: { kind: "intOrSymbol", min: 0, options: ["same"] },
      default: 0,
      doc: "Zero padding on each side, or `same` to keep ceil(W/S).",
    },
    {
      name: "dilation",
      type: { kind: "ints", min: 1 },
      default: 1,
      doc: "Spacing between kernel taps.",
    },
    {
      name: "groups",
      type: { kind: "int", min: 1 },
      default: 1,
      doc: "Grouped convolution: in and out channels split into this many groups (depthwise when groups = in_channels).",
    },
    {
      name: "bias",
      type: { kind: "bool" },
      default: true,
      doc: "Whether to add a learned bias per output channel.",
    },
    {
      name: "in_channels",
      type: { kind: "int", min: 1 },
      default: null,
      doc: "Optional: the expected input channels, checked against the incoming shape.",
    },
  ];
}

/**
 * The divisors of both a and b, ascending (at most the first eight): the divisors of their
 * greatest common divisor g, found in pairs (d, g/d) with d ≤ √g, so that the search takes
 * √g steps at most rather than min(a, b).
 */
function commonDivisors(a: number, b: number): number[] {
  let g = a;
  for (let r = b; r !== 0;) [g, r] = [r, g % r];
  const small: number[] = [];
  const large: number[] = [];
  for (let d = 1; d * d <= g && small.length < 8; d++) {
    if (g % d !== 0) continue;
    small.push(d);
    if (d * d !== g) large.unshift(g / d);
  }
  return [...small, ...large].slice(0, 8);
}

export function convolutionShape(ctx: ShapeContext, spatialRank: number): Shape | undefined {
  const inChannels = ctx.input[0]!;
  const filters = ctx.args.filters as number;
  const groups = ctx.args.groups as number;
  if (
    ctx.args.in_channels !== null &&
    ctx.args.in_channels !== undefined &&
    ctx.args.in_channels !== inChannels
  ) {
    ctx.report(
      Diagnostics.ChannelMismatch,
      ctx.argSpan("in_channels"),
      [ctx.kind, ctx.args.in_channels as number, inChannels],
      {
        labels: [],
        help: `the incoming shape is [${ctx.input.join(", ")}]; write in_channels = ${inChannels} or remove it`,
      },
    );
    return undefined;
  }
  let ok = checkAxisLists(ctx, spatialRank, ["kernel", "stride", "dilation"]);
  const groupsHelp = () => ({
    help: `groups must divide both the ${inChannels} input and the ${filters} output channels; values that fit: ${commonDivisors(inChannels, filters).join(", ")}`,
  });
  if (inChannels % groups !== 0) {
    ctx.report(
      Diagnostics.GroupsMismatch,
      ctx.argSpan("groups"),
      [ctx.kind, `the ${inChannels} input`, groups],
      groupsHelp(),
    );
    ok = false;
  }
  if (filters % groups !== 0) {
    ctx.report(
      Diagnostics.GroupsMismatch,
      ctx.argSpan("filters"),
      [ctx.kind, `the ${filters} output`, groups],
      groupsHelp(),
    );
    ok = false;
  }
  if (!ok) return undefined;
  const spatial = windowShape(ctx, spatialRank, false);
  if (spatial === undefined) return undefined;
  return [filters, ...spatial];
}

export function convolutionWeightShape(args: Attrs, input: Shape, spatialRank: number): number[] {
  const kernel = args.kernel;
  const sizes =
    typeof kernel === "number" ? new Array<number>(spatialRank).fill(kernel) : (kernel as number[]);
  return [args.filters as number, input[0]! / (args.groups as number), ...sizes];
}

export function convolutionParameters(
  args: Attrs,
  input: Shape,
  spatialRank: number,
): ParamDeclaration[] {
  const weightShape = convolutionWeightShape(args, input, spatialRank);
  const { fanIn, fanOut } = fans(weightShape);
  const init = pytorchDefaultInit(fanIn);
  const tensors: ParamDeclaration[] = [
    { name: "weight", shape: weightShape, defaultInit: init, fanIn, fanOut, penalized: true },
  ];
  if (args.bias === true)
    tensors.push({
      name: "bias",
      shape: [weightShape[0]!],
      defaultInit: init,
      fanIn,
      fanOut,
      penalized: false,
    });
  return tensors;
}

/** Weights (and the bias) used by one output value. */
function perOutputValue(
  args: Attrs,
  input: Shape,
  spatialRank: number,
): { weights: number; bias: number } {
  const weightShape = convolutionWeightShape(args, input, spatialRank);
  return { weights: product(weightShape.slice(1)), bias: args.bias === true ? 1 : 0 };
}

export function convolutionMacs(
  args: Attrs,
  input: Shape,
  output: Shape,
  spatialRank: number,
): number {
  return product(output) * perOutputValue(args, input, spatialRank).weights;
}

/** LeCun: (weights + bias) per output value, over every output value; C1 of LeNet-5: (25+1)·6·784. */
export function convolutionConnections(
  args: Attrs,
  input: Shape,
  output: Shape,
  spatialRank: number,
): number {
  const { weights, bias } = perOutputValue(args, input, spatialRank);
  return product(output) * (weights + bias);
}
