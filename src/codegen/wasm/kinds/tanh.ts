import { one, pointwise } from "../kernels/pointwise.js";

/** tanh; tanh' = 1 − tanh². */
export const tanhWasm = pointwise(() => ({
  forward: (v) => `(call $tanh4 ${v})`,
  derivative: (_v, u) => `(f32x4.sub ${one} (f32x4.mul ${u} ${u}))`,
}));
