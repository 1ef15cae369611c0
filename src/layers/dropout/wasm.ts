import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { product } from "../../codegen/wasm/geometry.js";
import {
  copyRecordTensor,
  eachRecordVector,
  eachValue,
} from "../../codegen/wasm/kernels/records.js";
import type { WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { f32, f64, get, load, set, store } from "../../codegen/wasm/wat.js";

function rateOf(node: LayerNode<ResolvedAttrsOf<"dropout">>): number {
  return typeof node.attrs.rate === "number" ? node.attrs.rate : 0.5;
}

/**
 * Inverted dropout: while training each value is kept with probability 1 − rate and
 * scaled by 1/(1 − rate); evaluation is the identity. The mask is kept for the backward pass.
 */
export const dropoutWasm: WasmLayerEmitter<ResolvedAttrsOf<"dropout">> = {
  forward(node, ctx) {
    const size = product(node.outputShape);
    const rate = rateOf(node);
    const mask = ctx.scratch("mask", size * 4, { perSample: true });
    const scale = rate < 1 ? 1 / (1 - rate) : 0;
    ctx.fn.local("keep", "f32");
    const train = eachValue(
      ctx,
      size,
      (
        at,
      ) => `${set("keep", `(select ${f32(0)} ${f32(scale)} (f64.lt ${ctx.random()} ${f64(rate)}))`)}
      ${store("f32", at, mask, get("keep"))}
      ${store("f32", at, ctx.output(), `(f32.mul ${load("f32", at, ctx.input())} ${get("keep")})`)}`,
    );
    return `(if ${ctx.training}
      (then ${train})
      (else ${copyRecordTensor(ctx, size, ctx.input(), ctx.output(), false)}))`;
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    const size = product(node.outputShape);
    const mask = ctx.scratch("mask", size * 4, { perSample: true });
    return eachRecordVector(ctx, size, (q) => {
      const value = `(f32x4.mul ${load("v128", q, ctx.outputGrad())} ${load("v128", q, mask)})`;
      return store(
        "v128",
        q,
        dx,
        ctx.accumulatesInputGrad() ? `(f32x4.add ${load("v128", q, dx)} ${value})` : value,
      );
    });
  },
};
