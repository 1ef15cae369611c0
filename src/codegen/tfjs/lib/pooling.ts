import type { WindowGeometry } from "../../../ir/ir.js";
import { planar } from "../../common/planar-window.js";
import type { TfjsLayerEmitter } from "../layer-emitter.js";
import { asPlanar, explicitPad, isPadded, kernelOf, padArgument, stridesOf } from "./window.js";

/** Max and average pooling, 1-D (as planar) and 2-D. */

type PoolingAttrs = { readonly window: WindowGeometry };

export const maxPoolingTfjs: TfjsLayerEmitter<PoolingAttrs> = {
  forward(node, ctx) {
    const p = planar(node.attrs.window);
    return asPlanar(
      node.attrs.window.axes.length,
      ctx,
      (x) => `tf.maxPool(${x}, ${kernelOf(p)}, ${stridesOf(p)}, ${padArgument(p)})`,
    );
  },
};

/** Average pooling counts padded zeros (PyTorch's count_include_pad), so padding is explicit zeros. */
export const averagePoolingTfjs: TfjsLayerEmitter<PoolingAttrs> = {
  forward(node, ctx) {
    const p = planar(node.attrs.window);
    return asPlanar(node.attrs.window.axes.length, ctx, (x) => {
      const input = isPadded(p) ? `tf.pad(${x}, ${explicitPad(p)})` : x;
      return `tf.avgPool(${input}, ${kernelOf(p)}, ${stridesOf(p)}, "valid")`;
    });
  },
};
