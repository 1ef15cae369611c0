import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { product } from "../../codegen/wasm/geometry.js";
import { eachRecord, exactVectors } from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import {
  add,
  f32x4,
  get,
  i32,
  load,
  mul,
  set,
  storeLanes,
  zeroV128,
  type Expr,
} from "../../codegen/wasm/wat.js";

/**
 * Local response normalization across channels (AlexNet; PyTorch's form, the loops
 * reference's ../../loops/kernels/catalogue.ts): b_c = a_c·D_c^(−β) with
 * D_c = k + α/n·Σ_{c' in [c − before, c + after]} a_c'², four positions at a time, powers
 * as exp(−β·log D) ($exp4, $log4). D is kept per sample for the backward pass:
 *
 *   dx_i = dy_i·D_i^(−β) − 2αβ/n · x_i · Σ_{c: i in c's window} dy_c·x_c·D_c^(−β−1)
 */
function layout(node: LayerNode<ResolvedAttrsOf<"lrn">>) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  return {
    channels,
    positions: product(shape) / channels,
    before: node.attrs.windowBefore as number,
    after: node.attrs.windowAfter as number,
    scale: (node.attrs.alpha as number) / (node.attrs.size as number),
    k: node.attrs.k as number,
    beta: node.attrs.beta as number,
  };
}

/** x^e for x > 0 (a vector), through the module's exp and log. */
const power = (x: Expr, e: number) => `(call $exp4 (f32x4.mul ${f32x4(e)} (call $log4 ${x})))`;

/**
 * For each sample, channel c and vector q of its plane: `body(record, plane, q, lanes)`,
 * with $lo/$hi the first and last channel of a window [c − from, c + to] clipped to the
 * channels (byte offsets of their planes).
 */
function overPlanes(
  ctx: WasmEmitContext,
  node: LayerNode<ResolvedAttrsOf<"lrn">>,
  from: number,
  to: number,
  body: (record: Expr, q: Expr, lanes: number) => string,
): string {
  const l = layout(node);
  const c = ctx.fn.fresh("channel", "i32");
  ctx.fn.local("plane_at", "i32");
  ctx.fn.local("lo", "i32");
  ctx.fn.local("hi", "i32");
  const planeBytes = l.positions * 4;
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      c,
      0,
      l.channels,
      `${set("plane_at", add(record, mul(get(c), planeBytes)))}
      ;; the window's planes, as byte offsets from this plane
      ${set("lo", `(i32.mul (i32.sub (select (i32.const 0) (i32.sub ${get(c)} ${i32(from)}) (i32.lt_s (i32.sub ${get(c)} ${i32(from)}) (i32.const 0))) ${get(c)}) ${i32(planeBytes)})`)}
      ${set("hi", `(i32.mul (i32.sub (select ${i32(l.channels - 1)} (i32.add ${get(c)} ${i32(to)}) (i32.gt_s (i32.add ${get(c)} ${i32(to)}) ${i32(l.channels - 1)})) ${get(c)}) ${i32(planeBytes)})`)}
      ${exactVectors(ctx, get("plane_at"), l.positions, (q, lanes) => body(record, q, lanes))}`,
    ),
  );
}

/** Σ over the window's planes of `term(address)` (address: the window plane's vector). */
function windowSum(
  ctx: WasmEmitContext,
  q: Expr,
  planeBytes: number,
  term: (address: Expr) => Expr,
): string {
  const d = ctx.fn.local("window_at", "i32");
  const loop = ctx.fn.label("window");
  return `${set("wsum", zeroV128)}
    ${set(d, get("lo"))}
    (loop $${loop}
      ${set("wsum", `(f32x4.add ${get("wsum")} ${term(add(q, get(d)))})`)}
      (br_if $${loop} (i32.le_s ${`(local.tee $${d} (i32.add ${get(d)} ${i32(planeBytes)}))`} ${get("hi")})))`;
}

function forward(node: LayerNode<ResolvedAttrsOf<"lrn">>, ctx: WasmEmitContext): string {
  const l = layout(node);
  const base = ctx.scratch("lrn_base", product(node.outputShape) * 4, { perSample: true });
  for (const v of ["wsum", "den"]) ctx.fn.local(v, "v128");
  return overPlanes(
    ctx,
    node,
    l.before,
    l.after,
    (_record, q, lanes) => `
    ${windowSum(ctx, q, l.positions * 4, (at) => `(f32x4.mul ${load("v128", at, ctx.input())} ${load("v128", at, ctx.input())})`)}
    ${set("den", `(f32x4.add ${f32x4(l.k)} (f32x4.mul ${f32x4(l.scale)} ${get("wsum")}))`)}
    ${storeLanes(q, base, get("den"), lanes)}
    ${storeLanes(q, ctx.output(), `(f32x4.mul ${load("v128", q, ctx.input())} ${power(get("den"), -l.beta)})`, lanes)}`,
  );
}

function backward(node: LayerNode<ResolvedAttrsOf<"lrn">>, ctx: WasmEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const l = layout(node);
  const base = ctx.scratch("lrn_base", product(node.outputShape) * 4, { perSample: true });
  const term = ctx.scratch("lrn_term", product(node.outputShape) * 4, { perSample: true });
  for (const v of ["wsum", "den", "dpow"]) ctx.fn.local(v, "v128");
  const terms = overPlanes(
    ctx,
    node,
    l.before,
    l.after,
    (_record, q, lanes) => `
    ${set("den", load("v128", q, base))}
    ${set("dpow", power(get("den"), -l.beta))}
    ${storeLanes(q, term, `(f32x4.div (f32x4.mul (f32x4.mul ${load("v128", q, ctx.outputGrad())} ${load("v128", q, ctx.input())}) ${get("dpow")}) ${get("den")})`, lanes)}`,
  );
  const gradient = overPlanes(ctx, node, l.after, l.before, (_record, q, lanes) => {
    const value = `(f32x4.sub
      (f32x4.mul ${load("v128", q, ctx.outputGrad())} ${power(load("v128", q, base), -l.beta)})
      (f32x4.mul (f32x4.mul ${f32x4(2 * l.scale * l.beta)} ${load("v128", q, ctx.input())}) ${get("wsum")}))`;
    return `${windowSum(ctx, q, l.positions * 4, (at) => load("v128", at, term))}
      ${storeLanes(q, dx, ctx.accumulatesInputGrad() ? `(f32x4.add ${load("v128", q, dx)} ${value})` : value, lanes)}`;
  });
  return `${terms}\n${gradient}`;
}

export const lrnWasm: WasmLayerEmitter<ResolvedAttrsOf<"lrn">> = { forward, backward };
