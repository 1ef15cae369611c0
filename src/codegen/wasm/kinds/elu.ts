import { attr, one, pointwise, positive } from "../kernels/pointwise.js";
import { f32x4 } from "../wat.js";

/** elu(alpha): x for x > 0, α(eˣ − 1) otherwise; the derivative there is y + α. */
export const eluWasm = pointwise((node) => {
  const alpha = f32x4(attr(node, "alpha", 1));
  return {
    forward: (v) =>
      `(v128.bitselect ${v} (f32x4.mul ${alpha} (f32x4.sub (call $exp4 ${v}) ${one})) ${positive(v)})`,
    derivative: (v, u) => `(v128.bitselect ${one} (f32x4.add ${u} ${alpha}) ${positive(v)})`,
  };
});
