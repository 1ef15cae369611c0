import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { product } from "../../codegen/wasm/geometry.js";
import { eachRecordVector } from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { load, store, zeroV128 } from "../../codegen/wasm/wat.js";

/**
 * relu: y = x > 0 ? x : 0, four values per instruction (`f32x4.pmax(0, x)` is that exact
 * select, a single maxps on x64, unlike f32x4.max's NaN rules); dx = dy where y > 0.
 */
function forward(node: LayerNode<ResolvedAttrsOf<"relu">>, ctx: WasmEmitContext): string {
  return eachRecordVector(ctx, product(node.outputShape), (q) =>
    store("v128", q, ctx.output(), `(f32x4.pmax ${zeroV128} ${load("v128", q, ctx.input())})`),
  );
}

function backward(node: LayerNode<ResolvedAttrsOf<"relu">>, ctx: WasmEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  return eachRecordVector(ctx, product(node.outputShape), (q) => {
    const passed = `(v128.and ${load("v128", q, ctx.outputGrad())} (f32x4.gt ${load("v128", q, ctx.output())} ${zeroV128}))`;
    return store(
      "v128",
      q,
      dx,
      ctx.accumulatesInputGrad() ? `(f32x4.add ${load("v128", q, dx)} ${passed})` : passed,
    );
  });
}

export const reluWasm: WasmLayerEmitter<ResolvedAttrsOf<"relu">> = { forward, backward };
