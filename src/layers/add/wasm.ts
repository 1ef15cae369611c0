import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { product } from "../../codegen/wasm/geometry.js";
import { copyRecordTensor, eachRecordVector } from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { load, store } from "../../codegen/wasm/wat.js";

/** The residual join: y = x₀ + x₁ (+ …), four values at a time; each input receives dy unchanged. */
function forward(node: LayerNode<ResolvedAttrsOf<"add">>, ctx: WasmEmitContext): string {
  return eachRecordVector(ctx, product(node.outputShape), (q) => {
    const sum = node.inputs
      .map((_, i) => load("v128", q, ctx.input(i)))
      .reduce((a, b) => `(f32x4.add ${a} ${b})`);
    return store("v128", q, ctx.output(), sum);
  });
}

function backward(node: LayerNode<ResolvedAttrsOf<"add">>, ctx: WasmEmitContext): string {
  const size = product(node.outputShape);
  return node.inputs
    .map((_, i) => {
      const dx = ctx.inputGrad(i);
      return dx === undefined
        ? ""
        : copyRecordTensor(ctx, size, ctx.outputGrad(), dx, ctx.accumulatesInputGrad(i));
    })
    .join("\n");
}

export const addWasm: WasmLayerEmitter<ResolvedAttrsOf<"add">> = { forward, backward };
