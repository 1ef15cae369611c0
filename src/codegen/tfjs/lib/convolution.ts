import type { WindowGeometry } from "../../../ir/ir.js";
import { planar } from "../../common/planar-window.js";
import type { StoredLayout, TfjsLayerEmitter } from "../layer-emitter.js";
import type { PlanarWindow } from "../../common/planar-window.js";
import type { TfjsEmitContext } from "../layer-emitter.js";
import { asPlanar, dilationsOf, isDilated, padArgument, stridesOf } from "./window.js";

/**
 * conv1d's and conv2d's tfjs code: tf.conv2d, tf.depthwiseConv2d when every group is one
 * input channel, and the conv2dGrouped helper for other groups; a 1-D convolution runs
 * as a planar one of height 1.
 */

type ConvolutionAttrs = { readonly window: WindowGeometry; readonly bias: boolean };

/** A dilated filter spread out (dilateFilter), so the convolution has a gradient on tfjs. */
export function dilatedWeight(weight: string, p: PlanarWindow, ctx: TfjsEmitContext): string {
  if (!isDilated(p)) return weight;
  return `${ctx.helper("dilateFilter")}(${weight}, ${dilationsOf(p)})`;
}

function isDepthwise(window: WindowGeometry): boolean {
  return window.groups > 1 && window.groups === window.channelsIn;
}

export const convolutionTfjs: TfjsLayerEmitter<ConvolutionAttrs> = {
  forward(node, ctx) {
    const { window } = node.attrs;
    const p = planar(window);
    const weight = dilatedWeight(`(${ctx.param("weight")} as tf.Tensor4D)`, p, ctx);
    const dilations = isDilated(p) ? "[1, 1]" : dilationsOf(p);
    const args = `${stridesOf(p)}, ${padArgument(p)}, "NHWC", ${dilations}`;
    const conv = asPlanar(window.axes.length, ctx, (x) => {
      if (window.groups === 1) return `tf.conv2d(${x}, ${weight}, ${args})`;
      if (isDepthwise(window)) return `tf.depthwiseConv2d(${x}, ${weight}, ${args})`;
      return `${ctx.helper("conv2dGrouped")}(${x}, ${weight}, ${stridesOf(p)}, ${padArgument(p)}, ${dilations}, ${window.groups})`;
    });
    return node.attrs.bias ? `tf.add(${conv}, ${ctx.param("bias")})` : conv;
  },
  /** PyTorch [out, in/g, (kH,) kW] → tfjs [kH, kW, in/g, out], or [kH, kW, in, multiplier] when depthwise. */
  storage(node, tensorName): StoredLayout | undefined {
    if (tensorName !== "weight") return undefined;
    const { window } = node.attrs;
    const p = planar(window);
    const out = window.channelsOut;
    if (isDepthwise(window)) {
      const channels = window.channelsIn;
      return { reshape: [channels, out / channels, p.kH, p.kW], perm: [2, 3, 0, 1] };
    }
    return { reshape: [out, window.channelsIn / window.groups, p.kH, p.kW], perm: [2, 3, 1, 0] };
  },
};
