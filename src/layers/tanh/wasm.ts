import type { ResolvedAttrsOf } from "../definitions.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { one, pointwise } from "../../codegen/wasm/kernels/pointwise.js";

/** tanh; tanh' = 1 − tanh². */
export const tanhWasm: WasmLayerEmitter<ResolvedAttrsOf<"tanh">> = pointwise<
  ResolvedAttrsOf<"tanh">
>(() => ({
  forward: (v) => `(call $tanh4 ${v})`,
  derivative: (_v, u) => `(f32x4.sub ${one} (f32x4.mul ${u} ${u}))`,
}));
