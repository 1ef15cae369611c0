import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { product } from "../../codegen/wasm/geometry.js";
import { positive } from "../../codegen/wasm/kernels/pointwise.js";
import { eachRecord, exactVectors } from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import {
  add,
  f64,
  get,
  horizontalSum,
  load,
  mul,
  set,
  store,
  storeLanes,
  zeroV128,
  type Expr,
} from "../../codegen/wasm/wat.js";

/** prelu: x for x > 0, alpha[c]·x otherwise (one slope per channel, or one shared). */

function preluLayout(node: LayerNode<ResolvedAttrsOf<"prelu">>) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  const perChannel =
    node.params.find((p) => p.name === "alpha")!.shape[0] === channels && channels > 1;
  return { channels, positions: product(shape) / channels, perChannel };
}

/** Per sample and channel: `body(q, lanes)` over the channel's plane, with $slope the channel's alpha (splat). */
function overPlanes(
  ctx: WasmEmitContext,
  node: LayerNode<ResolvedAttrsOf<"prelu">>,
  body: (q: Expr, lanes: number) => string,
): string {
  const l = preluLayout(node);
  const channel = ctx.fn.fresh("ch", "i32");
  const plane = ctx.fn.fresh("plane", "i32");
  ctx.fn.local("slope", "v128");
  const alpha = ctx.param("alpha");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      channel,
      0,
      l.channels,
      `${set("slope", `(v128.load32_splat offset=${alpha} ${l.perChannel ? mul(get(channel), 4) : "(i32.const 0)"})`)}
      ${set(plane, add(record, mul(get(channel), l.positions * 4)))}
      ${exactVectors(ctx, get(plane), l.positions, body)}`,
    ),
  );
}

export const preluWasm: WasmLayerEmitter<ResolvedAttrsOf<"prelu">> = {
  forward(node, ctx) {
    return overPlanes(ctx, node, (q, lanes) => {
      const v = load("v128", q, ctx.input());
      return storeLanes(
        q,
        ctx.output(),
        `(v128.bitselect ${v} (f32x4.mul ${get("slope")} ${v}) ${positive(v)})`,
        lanes,
      );
    });
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    const dAlpha = ctx.paramGrad("alpha");
    const l = preluLayout(node);
    const parts: string[] = [];
    if (dAlpha !== undefined) {
      // dα[c] = Σ over the batch and the plane of dy·x where x ≤ 0 (vector sums, then f64 per plane)
      ctx.fn.local("dsum", "v128");
      const channel = ctx.fn.fresh("ch", "i32");
      const plane = ctx.fn.fresh("plane", "i32");
      ctx.fn.local("slope_total", "f64");
      const perChannel = (c: Expr) =>
        eachRecord(
          ctx,
          (record) => `${set("dsum", zeroV128)}
          ${set(plane, add(record, mul(c, l.positions * 4)))}
          ${exactVectors(ctx, get(plane), l.positions, (q, lanes) => {
            const v = load("v128", q, ctx.input());
            const term = `(v128.andnot (f32x4.mul ${load("v128", q, ctx.outputGrad())} ${v}) ${positive(v)})`;
            const exact =
              lanes === 4
                ? term
                : `(v128.and ${term} (v128.const i32x4 ${[0, 1, 2, 3].map((i) => (i < lanes ? -1 : 0)).join(" ")}))`;
            return set("dsum", `(f32x4.add ${get("dsum")} ${exact})`);
          })}
          ${set("slope_total", `(f64.add ${get("slope_total")} (f64.promote_f32 ${horizontalSum(get("dsum"))}))`)}`,
        );
      if (l.perChannel) {
        parts.push(
          ctx.fn.forLoop(
            channel,
            0,
            l.channels,
            `${set("slope_total", f64(0))}
            ${perChannel(get(channel))}
            ${store("f32", add(ctx.grads, mul(get(channel), 4)), dAlpha, `(f32.demote_f64 ${get("slope_total")})`)}`,
          ),
        );
      } else {
        parts.push(`${set("slope_total", f64(0))}
          ${ctx.fn.forLoop(channel, 0, l.channels, perChannel(get(channel)))}
          ${store("f32", ctx.grads, dAlpha, `(f32.demote_f64 ${get("slope_total")})`)}`);
      }
    }
    if (dx !== undefined) {
      parts.push(
        overPlanes(ctx, node, (q, lanes) => {
          const v = load("v128", q, ctx.input());
          const g = load("v128", q, ctx.outputGrad());
          const value = `(v128.bitselect ${g} (f32x4.mul ${get("slope")} ${g}) ${positive(v)})`;
          return storeLanes(
            q,
            dx,
            ctx.accumulatesInputGrad() ? `(f32x4.add ${load("v128", q, dx)} ${value})` : value,
            lanes,
          );
        }),
      );
    }
    return parts.join("\n");
  },
};
