import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { product, window2d } from "../../codegen/wasm/geometry.js";
import { eachRecord, zeroRecordTensor } from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { add, f32, f64, get, load, mul, set, store } from "../../codegen/wasm/wat.js";
import { windowLoops } from "../../codegen/wasm/kernels/pooling.js";

/**
 * LeNet-5's trainable subsampling (S2, S4): y = weight[c]·Σ(window) + bias[c]. The window
 * sums are kept per sample for the coefficient's gradient:
 *   dweight[c] = Σ dy·sum,  dbias[c] = Σ dy,  dx[window] += weight[c]·dy.
 */
function forward(node: LayerNode<ResolvedAttrsOf<"subsample">>, ctx: WasmEmitContext): string {
  const p = window2d(node);
  const sums = ctx.scratch("window_sum", product(node.outputShape) * 4, { perSample: true });
  const weight = ctx.param("weight");
  const bias = ctx.param("bias");
  ctx.fn.local("sum_f", "f32");
  return windowLoops(ctx, p, p.channelsIn, ctx.input(), {
    init: () => set("sum_f", f32(0)),
    tap: (address, inside) => {
      const visit = set("sum_f", `(f32.add ${get("sum_f")} ${load("f32", address)})`);
      return inside === undefined ? visit : `(if ${inside} (then ${visit}))`;
    },
    finish: (record, out, channel) => `${store("f32", add(record, out), sums, get("sum_f"))}
      ${store(
        "f32",
        add(record, out),
        ctx.output(),
        `(f32.add (f32.mul ${load("f32", mul(channel, 4), weight)} ${get("sum_f")}) ${load("f32", mul(channel, 4), bias)})`,
      )}`,
  });
}

function backward(node: LayerNode<ResolvedAttrsOf<"subsample">>, ctx: WasmEmitContext): string {
  const p = window2d(node);
  const sums = ctx.scratch("window_sum", product(node.outputShape) * 4, { perSample: true });
  const dWeight = ctx.paramGrad("weight");
  const dBias = ctx.paramGrad("bias");
  const dx = ctx.inputGrad();
  const area = p.outH * p.outW;
  const parts: string[] = [];
  if (dWeight !== undefined || dBias !== undefined) {
    const c = ctx.fn.fresh("c", "i32");
    const o = ctx.fn.fresh("o", "i32");
    for (const l of ["sum_dy", "sum_dys"]) ctx.fn.local(l, "f64");
    ctx.fn.local("g", "f64");
    ctx.fn.local("at", "i32");
    parts.push(
      ctx.fn.forLoop(
        c,
        0,
        p.channelsIn,
        `${set("sum_dy", f64(0))} ${set("sum_dys", f64(0))}
        ${eachRecord(ctx, (record) =>
          ctx.fn.forLoop(
            o,
            0,
            area * 4,
            `${set("at", add(add(record, mul(get(c), area * 4)), get(o)))}
            ${set("g", `(f64.promote_f32 ${load("f32", get("at"), ctx.outputGrad())})`)}
            ${set("sum_dy", `(f64.add ${get("sum_dy")} ${get("g")})`)}
            ${set("sum_dys", `(f64.add ${get("sum_dys")} (f64.mul ${get("g")} (f64.promote_f32 ${load("f32", get("at"), sums)})))`)}`,
            4,
          ),
        )}
        ${dWeight === undefined ? "" : store("f32", add(ctx.grads, mul(get(c), 4)), dWeight, `(f32.demote_f64 ${get("sum_dys")})`)}
        ${dBias === undefined ? "" : store("f32", add(ctx.grads, mul(get(c), 4)), dBias, `(f32.demote_f64 ${get("sum_dy")})`)}`,
      ),
    );
  }
  if (dx !== undefined) {
    ctx.fn.local("share", "f32");
    const toGradient = (address: string) => add(address, dx - ctx.input());
    if (!ctx.accumulatesInputGrad())
      parts.push(zeroRecordTensor(ctx, product(node.inputShapes[0]!), dx));
    parts.push(
      windowLoops(ctx, p, p.channelsIn, ctx.input(), {
        init: (record, out, channel) =>
          set(
            "share",
            `(f32.mul ${load("f32", add(record, out), ctx.outputGrad())} ${load("f32", mul(channel, 4), ctx.param("weight"))})`,
          ),
        tap: (address, inside) => {
          const target = toGradient(address);
          const visit = store("f32", target, 0, `(f32.add ${load("f32", target)} ${get("share")})`);
          return inside === undefined ? visit : `(if ${inside} (then ${visit}))`;
        },
        finish: () => "",
      }),
    );
  }
  return parts.join("\n");
}

export const subsampleWasm: WasmLayerEmitter<ResolvedAttrsOf<"subsample">> = { forward, backward };
