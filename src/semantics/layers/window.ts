import { Diagnostics } from "../../diagnostics/messages.js";
import type { AttrValue, Attrs, Initializer, Shape } from "../../ir/ir.js";
import type { ShapeContext } from "./layer-kind.js";

/**
 * Arithmetic shared by every windowed layer (convolutions and poolings), written once:
 * the output-size rule out = (W − D·(F−1) − 1 + 2P)/S + 1, per-axis argument
 * normalisation, `pad = same`, the messages that show the arithmetic, and fan sizes.
 */

/** Names of the spatial axes, by the number of spatial axes. */
export function axisNames(spatialRank: number): string[] {
  return spatialRank === 1 ? ["length"] : ["height", "width"];
}

/** An `ints` argument (`5` or `[5, 3]`) as one integer per spatial axis. */
export function perAxis(
  value: AttrValue | undefined,
  spatialRank: number,
  fallback: number,
): number[] {
  // new Array().fill rather than Array.from({ length }): this runs several times per layer
  if (typeof value === "number") return new Array<number>(spatialRank).fill(value);
  if (Array.isArray(value)) {
    const numbers = value.filter((v): v is number => typeof v === "number");
    if (numbers.length === spatialRank) return numbers;
  }
  return new Array<number>(spatialRank).fill(fallback);
}

/** One spatial axis of a windowed layer. `padBefore`/`padAfter` are the resolved paddings. */
export interface WindowAxis {
  name: string;
  size: number;
  kernel: number;
  stride: number;
  dilation: number;
  padBefore: number;
  padAfter: number;
}

/** The numerator W + P_before + P_after − D·(F−1) − 1 of the rule. */
function span(axis: WindowAxis): number {
  return axis.size + axis.padBefore + axis.padAfter - axis.dilation * (axis.kernel - 1) - 1;
}

/** The rule written out with the actual numbers, textbook form when D = 1. */
export function formulaText(axis: WindowAxis): string {
  const pad =
    axis.padBefore === axis.padAfter
      ? `2·${axis.padBefore}`
      : `${axis.padBefore} + ${axis.padAfter}`;
  const window =
    axis.dilation === 1
      ? `${axis.size} − ${axis.kernel}`
      : `${axis.size} − ${axis.dilation}·(${axis.kernel} − 1) − 1`;
  return `(${window} + ${pad})/${axis.stride} + 1`;
}

/** A number as the messages show it: exact when short, else "≈ 2.33". */
export function showNumber(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  if (Math.abs(rounded - value) < 1e-12) return `= ${rounded}`;
  return `≈ ${value.toFixed(2)}`;
}

/**
 * How many candidates the search for fitting values tries per direction: it writes a help
 * line, so it looks near the given values only, and never loops over a user's integer.
 */
const FIT_SEARCH_STEPS = 64;

/** Pads (symmetric) and strides near the given ones for which the axis tiles exactly. */
function fittingValues(axis: WindowAxis): string[] {
  const suggestions: string[] = [];
  // a pad beyond the kernel size only adds outputs of zeros
  const pads: number[] = [];
  const lastPad = Math.min(axis.kernel, FIT_SEARCH_STEPS);
  for (let p = 0; p <= lastPad && pads.length < 2; p++) {
    if (p === axis.padBefore) continue;
    const n = axis.size + 2 * p - axis.dilation * (axis.kernel - 1) - 1;
    if (n >= 0 && n % axis.stride === 0) pads.push(p);
  }
  for (const p of pads) {
    const n = axis.size + 2 * p - axis.dilation * (axis.kernel - 1) - 1;
    suggestions.push(`pad = ${p} (gives ${n / axis.stride + 1})`);
  }
  // The nearest smaller stride that divides the numerator (none above the numerator does),
  // then the next few larger ones; counted by steps, since stride + 1 may equal stride
  // near 2^53.
  const numerator = span(axis);
  const strides: number[] = [];
  const below = Math.min(axis.stride - 1, numerator);
  for (let step = 0; step < FIT_SEARCH_STEPS && below - step >= 1 && strides.length < 1; step++)
    if (numerator % (below - step) === 0) strides.push(below - step);
  for (let step = 1; step <= 3 && strides.length < 2; step++)
    if (numerator % (axis.stride + step) === 0) strides.push(axis.stride + step);
  for (const s of strides) suggestions.push(`stride = ${s} (gives ${numerator / s + 1})`);
  return suggestions;
}

/**
 * The output size along each axis, or undefined after reporting NET0301 (non-whole,
 * unless the model rounds down) or NET0302 (non-positive). Identical messages for
 * several axes (a square input) are reported once.
 */
export function windowOutput(
  ctx: ShapeContext,
  axes: readonly WindowAxis[],
  blame: string,
): number[] | undefined {
  const sizes: number[] = [];
  const reported = new Set<string>();
  let failed = false;
  for (const axis of axes) {
    const numerator = span(axis);
    if (numerator >= 0 && (numerator % axis.stride === 0 || ctx.rounding !== "exact")) {
      sizes.push(Math.floor(numerator / axis.stride) + 1);
      continue;
    }
    const arithmetic = `${formulaText(axis)} ${showNumber(numerator / axis.stride + 1)}`;
    if (numerator < 0) {
      failed = true;
      if (!reported.has(arithmetic)) {
        reported.add(arithmetic);
        const padded = axis.size + axis.padBefore + axis.padAfter;
        const extent = axis.dilation * (axis.kernel - 1) + 1;
        ctx.report(
          Diagnostics.NonPositiveOutputSize,
          ctx.argSpan(blame),
          [ctx.kind, axis.name, arithmetic],
          {
            help: `the window (${extent}) is larger than the padded input ${axis.name} (${padded}); use a smaller kernel or more padding`,
          },
        );
      }
      continue;
    }
    // not whole, and the model does not round
    failed = true;
    if (!reported.has(arithmetic)) {
      reported.add(arithmetic);
      const fits = fittingValues(axis);
      const extras: { help?: string; notes: string[] } = {
        notes: ["add `option rounding = floor` to the model to round down as PyTorch does"],
      };
      if (fits.length > 0) extras.help = `values that fit: ${fits.join(", ")}`;
      ctx.report(
        Diagnostics.NonWholeOutputSize,
        ctx.argSpan(axis.stride !== 1 && ctx.given("stride") ? "stride" : blame),
        [ctx.kind, axis.name, arithmetic],
        extras,
      );
    }
  }
  return failed ? undefined : sizes;
}

/**
 * Resolve a `pad` argument (an integer, a per-axis list, or `same`) to [before, after]
 * pairs. `same` follows TensorFlow: out = ceil(W/S), the extra padding goes after.
 */
export function resolvePadding(
  pad: AttrValue | undefined,
  sizes: readonly number[],
  kernels: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
): [number, number][] {
  if (pad === "same") {
    return sizes.map((size, i) => {
      const stride = strides[i]!;
      const out = Math.ceil(size / stride);
      const total = Math.max(0, (out - 1) * stride + dilations[i]! * (kernels[i]! - 1) + 1 - size);
      const before = Math.floor(total / 2);
      return [before, total - before];
    });
  }
  return perAxis(pad, sizes.length, 0).map((p) => [p, p]);
}

/** The attributes of a windowed layer after normalisation, shared by conv and pooling kinds. */
export interface WindowGeometry {
  kernel: number[];
  stride: number[];
  dilation: number[];
  padding: [number, number][];
}

export function windowGeometry(
  args: Attrs,
  input: Shape,
  spatialRank: number,
  strideDefaultsToKernel: boolean,
): WindowGeometry {
  const spatial = input.slice(input.length - spatialRank);
  const kernel = perAxis(args.kernel, spatialRank, 1);
  const strideArg = args.stride ?? null;
  const stride =
    strideArg === null && strideDefaultsToKernel ? kernel : perAxis(strideArg ?? 1, spatialRank, 1);
  const dilation = perAxis(args.dilation ?? 1, spatialRank, 1);
  const padding = resolvePadding(args.pad, spatial, kernel, stride, dilation);
  return { kernel, stride, dilation, padding };
}

/** Apply the rule to every spatial axis of `ctx.input`; `blame` names the argument to underline. */
export function windowShape(
  ctx: ShapeContext,
  spatialRank: number,
  strideDefaultsToKernel: boolean,
  blame = "kernel",
): number[] | undefined {
  const g = windowGeometry(ctx.args, ctx.input, spatialRank, strideDefaultsToKernel);
  const spatial = ctx.input.slice(ctx.input.length - spatialRank);
  const names = axisNames(spatialRank);
  const axes: WindowAxis[] = spatial.map((size, i) => ({
    name: names[i]!,
    size,
    kernel: g.kernel[i]!,
    stride: g.stride[i]!,
    dilation: g.dilation[i]!,
    padBefore: g.padding[i]![0],
    padAfter: g.padding[i]![1],
  }));
  return windowOutput(ctx, axes, blame);
}

/** The attributes emitters need, in one normalised form for every windowed kind. */
export function windowAttrs(
  args: Attrs,
  input: Shape,
  spatialRank: number,
  strideDefaultsToKernel: boolean,
): Record<string, AttrValue> {
  const g = windowGeometry(args, input, spatialRank, strideDefaultsToKernel);
  return { kernelSize: g.kernel, strides: g.stride, dilations: g.dilation, padding: g.padding };
}

export function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/**
 * PyTorch's fans (torch.nn.init._calculate_fan_in_and_fan_out): for a weight of shape
 * [out, in/groups, k…], fan_in = in/groups · Πk and fan_out = out · Πk.
 */
export function fans(weightShape: Shape): { fanIn: number; fanOut: number } {
  const receptive = product(weightShape.slice(2));
  return { fanIn: (weightShape[1] ?? 1) * receptive, fanOut: (weightShape[0] ?? 1) * receptive };
}

/**
 * The default initializer of weights and biases: PyTorch's own default for Linear and
 * Conv (kaiming_uniform with a = √5, which is U(−1/√fan_in, 1/√fan_in), and the same
 * bound for the bias), so a .net model starts where the seeds' PyTorch code starts.
 */
export function pytorchDefaultInit(fanIn: number): Omit<Initializer, "fanIn" | "fanOut"> {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return { kind: "uniform", a: -bound, b: bound };
}

/** Per-axis list arguments must have one entry per spatial axis; reports NET0210 otherwise. */
export function checkAxisLists(
  ctx: ShapeContext,
  spatialRank: number,
  names: readonly string[],
): boolean {
  let ok = true;
  for (const name of names) {
    const value = ctx.args[name];
    if (Array.isArray(value) && value.length !== spatialRank) {
      ctx.report(
        Diagnostics.InvalidArgumentValue,
        ctx.argSpan(name),
        [
          name,
          ctx.kind,
          `needs ${spatialRank} entr${spatialRank === 1 ? "y" : "ies"} (${axisNames(spatialRank).join(", ")}), found ${value.length}`,
        ],
        {
          help: `write one value for all axes, or one per axis: ${name} = [${axisNames(spatialRank)
            .map(() => String(value[0] ?? 1))
            .join(", ")}]`,
        },
      );
      ok = false;
    }
  }
  return ok;
}
