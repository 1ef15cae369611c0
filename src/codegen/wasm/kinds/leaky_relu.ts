import { attr, one, pointwise, positive } from "../kernels/pointwise.js";
import { f32x4 } from "../wat.js";

/** leaky_relu(a): x for x > 0, a·x otherwise. */
export const leakyReluWasm = pointwise((node) => {
  const a = f32x4(attr(node, "a", 0.01));
  return {
    forward: (v) => `(v128.bitselect ${v} (f32x4.mul ${a} ${v}) ${positive(v)})`,
    derivative: (v) => `(v128.bitselect ${one} ${a} ${positive(v)})`,
  };
});
