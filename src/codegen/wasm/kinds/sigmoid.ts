import { one, pointwise } from "../kernels/pointwise.js";

/** sigmoid: 1/(1 + e^−x); σ' = σ(1 − σ). */
export const sigmoidWasm = pointwise(() => ({
  forward: (v) => `(f32x4.div ${one} (f32x4.add ${one} (call $exp4 (f32x4.neg ${v}))))`,
  derivative: (_v, u) => `(f32x4.mul ${u} (f32x4.sub ${one} ${u}))`,
}));
