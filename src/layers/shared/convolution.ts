import { Diagnostics } from "../../diagnostics/messages.js";
import type { Shape } from "../../ir/ir.js";
import type { ArgsOf, ParamDeclaration, ShapeContext } from "./definition.js";
import { fans, pytorchDefaultInit } from "./init.js";
import { checkAxisLists, perAxis, product, windowShape } from "./window.js";

/** What conv1d and conv2d share (and conv2d_table picks from): arguments, shape rule, tensors and counts, with PyTorch's semantics. */

export const filtersParam = {
  name: "filters",
  type: { kind: "int", min: 1 },
  doc: "Number of output channels.",
} as const;

export function kernelParam(spatialRank: number) {
  return {
    name: "kernel",
    type: { kind: "ints", min: 1 },
    doc: `Kernel size: one integer, or one per axis (${spatialRank === 1 ? "length" : "[height, width]"}).`,
  } as const;
}

export const strideParam = {
  name: "stride",
  type: { kind: "ints", min: 1 },
  default: 1,
  doc: "Step between windows, one integer or one per axis.",
} as const;

export const padParam = {
  name: "pad",
  type: { kind: "intOrSymbol", min: 0, options: ["same"] },
  default: 0,
  doc: "Zero padding on each side, or `same` to keep ceil(W/S).",
} as const;

export const dilationParam = {
  name: "dilation",
  type: { kind: "ints", min: 1 },
  default: 1,
  doc: "Spacing between kernel taps.",
} as const;

export const biasParam = {
  name: "bias",
  type: { kind: "bool" },
  default: true,
  doc: "Whether to add a learned bias per output channel.",
} as const;

export function convolutionParams(spatialRank: number) {
  return [
    filtersParam,
    kernelParam(spatialRank),
    strideParam,
    padParam,
    dilationParam,
    {
      name: "groups",
      type: { kind: "int", min: 1 },
      default: 1,
      doc: "Grouped convolution: in and out channels split into this many groups (depthwise when groups = in_channels).",
    },
    biasParam,
    {
      name: "in_channels",
      type: { kind: "int", min: 1 },
      default: null,
      doc: "Optional: the expected input channels, checked against the incoming shape.",
    },
  ] as const;
}

export type ConvolutionArgs = ArgsOf<ReturnType<typeof convolutionParams>>;

/**
 * The divisors of both a and b, ascending (at most the first eight): the divisors of their
 * greatest common divisor g, found in pairs (d, g/d) with d ≤ √g, so that the search takes
 * √g steps at most rather than min(a, b).
 */
export function commonDivisors(a: number, b: number): number[] {
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

export function convolutionShape(
  ctx: ShapeContext<ConvolutionArgs>,
  spatialRank: number,
): Shape | undefined {
  const inChannels = ctx.input[0]!;
  const { filters, groups } = ctx.args;
  if (ctx.args.in_channels !== null && ctx.args.in_channels !== inChannels) {
    ctx.report(
      Diagnostics.ChannelMismatch,
      ctx.argSpan("in_channels"),
      [ctx.kind, ctx.args.in_channels, inChannels],
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

function weightShape(args: ConvolutionArgs, input: Shape, spatialRank: number): number[] {
  return [args.filters, input[0]! / args.groups, ...perAxis(args.kernel, spatialRank, 1)];
}

export function convolutionParameters(
  args: ConvolutionArgs,
  input: Shape,
  spatialRank: number,
): ParamDeclaration[] {
  const shape = weightShape(args, input, spatialRank);
  const { fanIn, fanOut } = fans(shape);
  const init = pytorchDefaultInit(fanIn);
  const tensors: ParamDeclaration[] = [
    { name: "weight", shape, defaultInit: init, fanIn, fanOut, penalized: true },
  ];
  if (args.bias)
    tensors.push({
      name: "bias",
      shape: [args.filters],
      defaultInit: init,
      fanIn,
      fanOut,
      penalized: false,
    });
  return tensors;
}

/** Weights used by one output value: in/groups · Πk. */
function weightsPerOutput(args: ConvolutionArgs, input: Shape, spatialRank: number): number {
  return product(weightShape(args, input, spatialRank).slice(1));
}

export function convolutionMacs(
  args: ConvolutionArgs,
  input: Shape,
  output: Shape,
  spatialRank: number,
): number {
  return product(output) * weightsPerOutput(args, input, spatialRank);
}

/** LeCun: (weights + bias) per output value, over every output value; C1 of LeNet-5: (25+1)·6·784. */
export function convolutionConnections(
  args: ConvolutionArgs,
  input: Shape,
  output: Shape,
  spatialRank: number,
): number {
  return product(output) * (weightsPerOutput(args, input, spatialRank) + (args.bias ? 1 : 0));
}
