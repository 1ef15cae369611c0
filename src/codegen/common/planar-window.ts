import type { WindowGeometry } from "../../ir/ir.js";

/**
 * A window's geometry (src/ir/ir.ts) in two dimensions, as both backends compute it: a
 * 1-D window over [C, L] is a 2-D one over a height of 1 (kernel 1, stride 1, no padding),
 * so one loop nest, or one tfjs 2-D op, serves both.
 */
export interface PlanarWindow {
  channelsIn: number;
  channelsOut: number;
  groups: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

export function planar(window: WindowGeometry): PlanarWindow {
  const flat = { size: 1, kernel: 1, stride: 1, dilation: 1, padBefore: 0, padAfter: 0, output: 1 };
  const [height, width] = window.axes.length === 1 ? [flat, window.axes[0]!] : window.axes;
  return {
    channelsIn: window.channelsIn,
    channelsOut: window.channelsOut,
    groups: window.groups,
    inH: height!.size,
    inW: width!.size,
    outH: height!.output,
    outW: width!.output,
    kH: height!.kernel,
    kW: width!.kernel,
    strideH: height!.stride,
    strideW: width!.stride,
    dilationH: height!.dilation,
    dilationW: width!.dilation,
    padTop: height!.padBefore,
    padBottom: height!.padAfter,
    padLeft: width!.padBefore,
    padRight: width!.padAfter,
  };
}
