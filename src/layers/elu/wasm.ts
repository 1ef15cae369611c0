import type { ResolvedAttrsOf } from "../definitions.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { one, pointwise, positive } from "../../codegen/wasm/kernels/pointwise.js";
import { f32x4 } from "../../codegen/wasm/wat.js";

/** elu(alpha): x for x > 0, α(eˣ − 1) otherwise; the derivative there is y + α. */
export const eluWasm: WasmLayerEmitter<ResolvedAttrsOf<"elu">> = pointwise<ResolvedAttrsOf<"elu">>(
  (node) => {
    const alpha = f32x4(node.attrs.alpha);
    return {
      forward: (v) =>
        `(v128.bitselect ${v} (f32x4.mul ${alpha} (f32x4.sub (call $exp4 ${v}) ${one})) ${positive(v)})`,
      derivative: (v, u) => `(v128.bitselect ${one} (f32x4.add ${u} ${alpha}) ${positive(v)})`,
    };
  },
);
