import { planar } from "../../codegen/common/planar-window.js";
import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import { explicitPad, isPadded, kernelOf, stridesOf } from "../../codegen/tfjs/lib/window.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** y = weight[c]·Σ(window) + bias[c]: the window sum is the zero-padded average times the window area. */
export const subsampleTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"subsample">> = {
  forward(node, ctx) {
    const p = planar(node.attrs.window);
    const x = isPadded(p)
      ? `tf.pad(${ctx.input()} as tf.Tensor4D, ${explicitPad(p)})`
      : `(${ctx.input()} as tf.Tensor4D)`;
    const sum = `tf.mul(tf.avgPool(${x}, ${kernelOf(p)}, ${stridesOf(p)}, "valid"), ${p.kH * p.kW})`;
    return `tf.add(tf.mul(${sum}, ${ctx.param("weight")}), ${ctx.param("bias")})`;
  },
};
