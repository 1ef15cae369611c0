import type { ResolvedAttrsOf } from "../definitions.js";
import { product } from "../../codegen/wasm/geometry.js";
import { copyRecordTensor, eachValue } from "../../codegen/wasm/kernels/records.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { f64, get, load, set, store } from "../../codegen/wasm/wat.js";

/** Noise injection: while training y = x + std·N(0, 1) per value (Box–Muller); its gradient is the identity. */
export const noiseWasm: WasmLayerEmitter<ResolvedAttrsOf<"noise">> = {
  forward(node, ctx) {
    const size = product(node.outputShape);
    const std = typeof node.attrs.std === "number" ? node.attrs.std : 0;
    ctx.fn.local("radius", "f64");
    const train = eachValue(
      ctx,
      size,
      (
        at,
      ) => `${set("radius", `(f64.sqrt (f64.mul (f64.const -2) (call $math_log (f64.sub (f64.const 1) ${ctx.random()}))))`)}
      ${store(
        "f32",
        at,
        ctx.output(),
        `(f32.demote_f64 (f64.add (f64.promote_f32 ${load("f32", at, ctx.input())})
          (f64.mul (f64.mul ${f64(std)} ${get("radius")}) (call $math_cos (f64.mul ${f64(2 * Math.PI)} ${ctx.random()})))))`,
      )}`,
    );
    return `(if ${ctx.training}
      (then ${train})
      (else ${copyRecordTensor(ctx, size, ctx.input(), ctx.output(), false)}))`;
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    return copyRecordTensor(
      ctx,
      product(node.outputShape),
      ctx.outputGrad(),
      dx,
      ctx.accumulatesInputGrad(),
    );
  },
};
