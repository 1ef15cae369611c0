import type { ResolvedAttrsOf } from "../definitions.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { one, pointwise, positive } from "../../codegen/wasm/kernels/pointwise.js";
import { f32x4 } from "../../codegen/wasm/wat.js";

/** leaky_relu(a): x for x > 0, a·x otherwise. */
export const leakyReluWasm: WasmLayerEmitter<ResolvedAttrsOf<"leaky_relu">> = pointwise<
  ResolvedAttrsOf<"leaky_relu">
>((node) => {
  const a = f32x4(node.attrs.a);
  return {
    forward: (v) => `(v128.bitselect ${v} (f32x4.mul ${a} ${v}) ${positive(v)})`,
    derivative: (v) => `(v128.bitselect ${one} ${a} ${positive(v)})`,
  };
});
