import type { ResolvedAttrsOf } from "../definitions.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { one, pointwise } from "../../codegen/wasm/kernels/pointwise.js";

/** sigmoid: 1/(1 + e^−x); σ' = σ(1 − σ). */
export const sigmoidWasm: WasmLayerEmitter<ResolvedAttrsOf<"sigmoid">> = pointwise<
  ResolvedAttrsOf<"sigmoid">
>(() => ({
  forward: (v) => `(f32x4.div ${one} (f32x4.add ${one} (call $exp4 (f32x4.neg ${v}))))`,
  derivative: (_v, u) => `(f32x4.mul ${u} (f32x4.sub ${one} ${u}))`,
}));
