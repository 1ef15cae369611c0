import { elementwise } from "./activation.js";
import type { LayerKind } from "./layer-kind.js";
import { eluLoops } from "../../codegen/loops/kernels/index.js";

/** ELU (seed 001 §7): x for x > 0, α(eˣ − 1) otherwise; ∂y/∂x = αeˣ for x ≤ 0. */
export const elu: LayerKind = {
  ...elementwise,
  name: "elu",
  loops: eluLoops,
  doc: "Exponential linear unit (seed 001): x for x > 0, alpha·(eˣ − 1) for x ≤ 0.",
  params: [
    {
      name: "alpha",
      type: { kind: "float", min: 0 },
      default: 1,
      doc: "α, the saturation value for negative inputs (PyTorch default 1.0).",
    },
  ],
  tfjs: {
    /** x for x > 0, α(eˣ − 1) otherwise (tf.elu has α = 1, so written out). */
    forward: (node, ctx) =>
      `tf.where(tf.greater(${ctx.input()}, 0), ${ctx.input()}, tf.mul(${ctx.literal(node.attrs.alpha)}, tf.expm1(${ctx.input()})))`,
  },
};
