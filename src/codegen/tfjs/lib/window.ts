import type { PlanarWindow } from "../../common/planar-window.js";
import type { TfjsEmitContext } from "../layer-emitter.js";

/**
 * Printing a window's geometry as tfjs arguments, for the windowed kinds (convolutions,
 * poolings, subsampling, the connection table). tfjs' ops are 2-D, so a 1-D window runs as
 * a planar one over a height of 1 (../../common/planar-window.ts), in the channels-last
 * internal layout.
 */

export function pair(first: number, second: number): string {
  return `[${first}, ${second}]`;
}

export const kernelOf = (p: PlanarWindow) => pair(p.kH, p.kW);
export const stridesOf = (p: PlanarWindow) => pair(p.strideH, p.strideW);
export const dilationsOf = (p: PlanarWindow) => pair(p.dilationH, p.dilationW);

export function isPadded(p: PlanarWindow): boolean {
  return [p.padTop, p.padBottom, p.padLeft, p.padRight].some((side) => side !== 0);
}

/** The explicit [[0, 0], [top, bottom], [left, right], [0, 0]] padding of an NHWC tensor. */
export function explicitPad(p: PlanarWindow): string {
  return `[[0, 0], [${p.padTop}, ${p.padBottom}], [${p.padLeft}, ${p.padRight}], [0, 0]]`;
}

const explicitPaddingType =
  "[[number, number], [number, number], [number, number], [number, number]]";

/**
 * tfjs' pad argument: "valid"; one number when every side is padded alike and the window
 * is square, with equal strides (tfjs computes a numeric padding's output size from the
 * filter's height and the vertical stride alone, so a [3, 2] kernel would lose a column);
 * else the explicit sides.
 */
export function padArgument(p: PlanarWindow): string {
  const sides = [p.padTop, p.padBottom, p.padLeft, p.padRight];
  if (sides.every((side) => side === 0)) return `"valid"`;
  const square = (p.kH - 1) * p.dilationH === (p.kW - 1) * p.dilationW && p.strideH === p.strideW;
  if (square && sides.every((side) => side === p.padTop)) return String(p.padTop);
  return `${explicitPad(p)} as ${explicitPaddingType}`;
}

/** Whether the window's taps are spread apart (dilation above 1 on an axis). */
export function isDilated(p: PlanarWindow): boolean {
  return p.dilationH > 1 || p.dilationW > 1;
}

/** Wraps a 2-D expression for a 1-D layer: [n, L, C] → [n, 1, L, C] → … → [n, L', C']. */
export function asPlanar(
  spatialRank: number,
  ctx: TfjsEmitContext,
  body: (x: string) => string,
): string {
  if (spatialRank === 2) return body(`(${ctx.input()} as tf.Tensor4D)`);
  return `tf.squeeze(${body(`tf.expandDims(${ctx.input()}, 1) as tf.Tensor4D`)}, [1])`;
}
