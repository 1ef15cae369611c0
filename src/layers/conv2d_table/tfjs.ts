import { planar } from "../../codegen/common/planar-window.js";
import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import { dilatedWeight } from "../../codegen/tfjs/lib/convolution.js";
import { padArgument, stridesOf } from "../../codegen/tfjs/lib/window.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/**
 * Connection-table convolution. The packed weight [P, kH, kW] (P = Σ|table[j]|, in table
 * order) is scattered at forward time into a dense tfjs kernel [kH, kW, in, out] by a
 * constant 0/1 matrix [P, in·out] (row p has its 1 at in_i·out + j for the p-th
 * connection i → j), built from JS numbers rather than tf.oneHot, whose wasm kernel
 * ignores a float dtype; unconnected kernels are zeros. Autodiff carries the gradient back
 * through the scatter, so the trained and saved tensor stays packed.
 */
export const conv2dTableTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"conv2d_table">> = {
  forward(node, ctx) {
    const { table, window } = node.attrs;
    const p = planar(window);
    const inputs = window.channelsIn;
    const outputs = table.length;
    const positions = table.flatMap((row, j) => row.map((i) => i * outputs + j));
    const scatter = `${ctx.helper("connectionScatter")}(${ctx.literal(positions)}, ${inputs * outputs})`;
    const taps = `tf.reshape(tf.transpose(${ctx.param("weight")}, [1, 2, 0]), [${p.kH * p.kW}, ${positions.length}])`;
    const kernel = dilatedWeight(
      `(tf.reshape(tf.matMul(${taps}, ${scatter}), [${p.kH}, ${p.kW}, ${inputs}, ${outputs}]) as tf.Tensor4D)`,
      p,
      ctx,
    );
    const conv = `tf.conv2d(${ctx.input()} as tf.Tensor4D, ${kernel}, ${stridesOf(p)}, ${padArgument(p)}, "NHWC", [1, 1])`;
    return node.attrs.bias ? `tf.add(${conv}, ${ctx.param("bias")})` : conv;
  },
};
