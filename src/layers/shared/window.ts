import { Diagnostics } from "../../diagnostics/messages.js";
import type { AttrValue, Shape, WindowAxis, WindowGeometry } from "../../ir/ir.js";
import type { ShapeContext } from "./definition.js";

/**
 * Arithmetic shared by every windowed layer (convolutions, poolings, subsampling),
 * written once: the output-size rule out = (W − D·(F−1) − 1 + 2P)/S + 1, per-axis
 * argument normalisation, `pad = same`, the messages that show the arithmetic, and the
 * window geometry the IR carries.
 */

/** The window arguments every windowed kind has (poolings have no dilation; their stride defaults to null). */
export type WindowArgs = {
  readonly kernel: number | readonly number[];
  readonly stride: number | readonly number[] | null;
  readonly pad: number | string;
  readonly dilation?: number | readonly number[];
};

/** One axis before its output size is known. */
type AxisSetting = Omit<WindowAxis, "output">;

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

export function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** The numerator W + P_before + P_after − D·(F−1) − 1 of the rule. */
function span(axis: AxisSetting): number {
  return axis.size + axis.padBefore + axis.padAfter - axis.dilation * (axis.kernel - 1) - 1;
}

/** The rule written out with the actual numbers, textbook form when D = 1. */
export function formulaText(axis: AxisSetting): string {
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

/** The exact (possibly fractional) output size the rule gives for an axis. */
export function exactOutput(axis: AxisSetting): number {
  return span(axis) / axis.stride + 1;
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
function fittingValues(axis: AxisSetting): string[] {
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
function windowOutput(
  ctx: ShapeContext,
  axes: readonly AxisSetting[],
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
function resolvePadding(
  pad: AttrValue,
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

/** Every spatial axis of `input` with the window the arguments describe. */
function windowAxes(
  args: WindowArgs,
  input: Shape,
  spatialRank: number,
  strideDefaultsToKernel: boolean,
): AxisSetting[] {
  const spatial = input.slice(input.length - spatialRank);
  const kernel = perAxis(args.kernel, spatialRank, 1);
  const stride =
    args.stride === null && strideDefaultsToKernel
      ? kernel
      : perAxis(args.stride ?? 1, spatialRank, 1);
  const dilation = perAxis(args.dilation ?? 1, spatialRank, 1);
  const padding = resolvePadding(args.pad, spatial, kernel, stride, dilation);
  const names = axisNames(spatialRank);
  return spatial.map((size, i) => ({
    name: names[i]!,
    size,
    kernel: kernel[i]!,
    stride: stride[i]!,
    dilation: dilation[i]!,
    padBefore: padding[i]![0],
    padAfter: padding[i]![1],
  }));
}

/** Apply the rule to every spatial axis of `ctx.input`; `blame` names the argument to underline. */
export function windowShape(
  ctx: ShapeContext<WindowArgs>,
  spatialRank: number,
  strideDefaultsToKernel: boolean,
  blame = "kernel",
): number[] | undefined {
  return windowOutput(
    ctx,
    windowAxes(ctx.args, ctx.input, spatialRank, strideDefaultsToKernel),
    blame,
  );
}

/** The geometry the IR carries for a windowed node whose shape rule passed. */
export function resolveWindow(
  args: WindowArgs,
  input: Shape,
  output: Shape,
  spatialRank: number,
  strideDefaultsToKernel: boolean,
  groups: number,
): WindowGeometry {
  const outputs = output.slice(output.length - spatialRank);
  return {
    axes: windowAxes(args, input, spatialRank, strideDefaultsToKernel).map((axis, i) => ({
      ...axis,
      output: outputs[i]!,
    })),
    channelsIn: input[0]!,
    channelsOut: output[0]!,
    groups,
  };
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
