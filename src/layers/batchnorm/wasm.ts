import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { product } from "../../codegen/wasm/geometry.js";
import { high, joined, low, masked, masked2, sum2 } from "../../codegen/wasm/kernels/f64-lanes.js";
import { eachRecord, exactVectors } from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import {
  add,
  f64,
  get,
  load,
  mul,
  set,
  store,
  storeLanes,
  type Expr,
} from "../../codegen/wasm/wat.js";

/**
 * Batch normalization per channel, as the loops reference computes it (../../loops/
 * kernels/normalization.ts): training normalises with the batch's mean and biased
 * variance (two passes) and moves the running statistics toward them (the unbiased
 * variance, PyTorch's); evaluation uses the running statistics. The batch mean and 1/σ
 * are kept per thread for the backward pass:
 *
 *   dγ = Σ dy·x̂,  dβ = Σ dy,  dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂))
 *
 * The arithmetic is f64 (two f64x2 halves per vector of four floats), like the
 * reference's: normalisation subtracts nearly equal numbers when a channel's mean is large
 * against its spread, and its backward sums nearly cancel — in float32 those lose digits
 * that every layer below inherits (MobileNet's 2×2 maps behind a batch of 4). Batch norm
 * is a small part of the work next to the convolutions around it.
 *
 * Only the first thread updates the running statistics (each thread normalises its own
 * share, as PyTorch's DistributedDataParallel does without SyncBatchNorm).
 */
function layout(node: LayerNode<ResolvedAttrsOf<"batchnorm">>) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  const positions = product(shape) / channels;
  return { channels, positions };
}

/**
 * For channel $c: `perVector(q, lanes)` over every vector of the channel's plane in every
 * sample (q: the vector's address in the record, to use with tensor offsets; exact lanes
 * at the plane's end).
 */
function overChannel(
  ctx: WasmEmitContext,
  positions: number,
  perVector: (q: Expr, lanes: number) => string,
): string {
  const plane = ctx.fn.local("plane", "i32");
  return eachRecord(
    ctx,
    (record) => `${set(plane, add(record, mul(get("c"), positions * 4)))}
      ${exactVectors(ctx, get(plane), positions, perVector)}`,
    "bs",
  );
}

function forward(node: LayerNode<ResolvedAttrsOf<"batchnorm">>, ctx: WasmEmitContext): string {
  const { channels, positions } = layout(node);
  const eps = node.attrs.eps;
  const momentum = node.attrs.momentum;
  const fn = ctx.fn;
  const x = ctx.input();
  const y = ctx.output();
  const gamma = ctx.param("gamma");
  const beta = ctx.param("beta");
  const meanAt = ctx.scratch("batch_mean", channels * 8);
  const invAt = ctx.scratch("batch_inv_std", channels * 8);
  const runningMean = ctx.buffer("running_mean");
  const runningVar = ctx.buffer("running_var");
  for (const l of ["count", "m", "inv", "squares", "variance"]) fn.local(l, "f64");
  for (const l of ["acc", "mv", "scale", "shift", "xv"]) fn.local(l, "v128");
  fn.local("c", "i32");
  const f32At = (base: number) => `(f64.promote_f32 ${load("f32", mul(get("c"), 4), base)})`;
  const statistics = `
    ${set("acc", "(v128.const f64x2 0 0)")}
    ${overChannel(ctx, positions, (q, lanes) => {
      const v = masked(load("v128", q, x), lanes);
      return `${set("xv", v)}
        ${set("acc", `(f64x2.add (f64x2.add ${get("acc")} ${low(get("xv"))}) ${high(get("xv"))})`)}`;
    })}
    ${set("m", `(f64.div ${sum2(get("acc"))} ${get("count")})`)}
    ${set("mv", `(f64x2.splat ${get("m")})`)}
    ${set("acc", "(v128.const f64x2 0 0)")}
    ${overChannel(ctx, positions, (q, lanes) => {
      const d = (half: Expr) => `(f64x2.sub ${half} ${get("mv")})`;
      const square = (half: Expr) => `(f64x2.mul ${d(half)} ${d(half)})`;
      // lanes past the plane are zeroed after the subtraction: their squares must not count
      return `${set("xv", load("v128", q, x))}
        ${set("acc", `(f64x2.add ${get("acc")} ${masked2(square(low(get("xv"))), lanes, 0)})`)}
        ${set("acc", `(f64x2.add ${get("acc")} ${masked2(square(high(get("xv"))), lanes, 2)})`)}`;
    })}
    ${set("squares", sum2(get("acc")))}
    ${set("variance", `(f64.div ${get("squares")} ${get("count")})`)}
    ${set("inv", `(f64.div (f64.const 1) (f64.sqrt (f64.add ${get("variance")} ${f64(eps)})))`)}
    ${store("f64", add(ctx.thread, mul(get("c"), 8)), meanAt, get("m"))}
    ${store("f64", add(ctx.thread, mul(get("c"), 8)), invAt, get("inv"))}
    (if ${ctx.firstThread}
      (then
        ${store("f32", mul(get("c"), 4), runningMean, `(f32.demote_f64 (f64.add (f64.mul ${f64(1 - momentum)} ${f32At(runningMean)}) (f64.mul ${f64(momentum)} ${get("m")})))`)}
        ${store(
          "f32",
          mul(get("c"), 4),
          runningVar,
          `(f32.demote_f64 (f64.add (f64.mul ${f64(1 - momentum)} ${f32At(runningVar)})
            (f64.mul ${f64(momentum)} (if (result f64) (f64.gt ${get("count")} (f64.const 1))
              (then (f64.div ${get("squares")} (f64.sub ${get("count")} (f64.const 1))))
              (else ${get("variance")})))))`,
        )}))`;
  const evaluation = `
    ${set("m", f32At(runningMean))}
    ${set("inv", `(f64.div (f64.const 1) (f64.sqrt (f64.add ${f32At(runningVar)} ${f64(eps)})))`)}`;
  return `${set("count", `(f64.mul (f64.convert_i32_s ${ctx.n}) ${f64(positions)})`)}
    ${fn.forLoop(
      "c",
      0,
      channels,
      `(if ${ctx.training} (then ${statistics}) (else ${evaluation}))
      ${set("mv", `(f64x2.splat ${get("m")})`)}
      ${set("scale", `(f64x2.splat (f64.mul ${f32At(gamma)} ${get("inv")}))`)}
      ${set("shift", `(f64x2.splat ${f32At(beta)})`)}
      ${overChannel(ctx, positions, (q, lanes) => {
        const normalised = (half: Expr) =>
          `(f64x2.add (f64x2.mul (f64x2.sub ${half} ${get("mv")}) ${get("scale")}) ${get("shift")})`;
        return `${set("xv", load("v128", q, x))}
          ${storeLanes(q, y, joined(normalised(low(get("xv"))), normalised(high(get("xv")))), lanes)}`;
      })}`,
    )}`;
}

function backward(node: LayerNode<ResolvedAttrsOf<"batchnorm">>, ctx: WasmEmitContext): string {
  const { channels, positions } = layout(node);
  const fn = ctx.fn;
  const x = ctx.input();
  const dy = ctx.outputGrad();
  const dx = ctx.inputGrad();
  const dGamma = ctx.paramGrad("gamma");
  const dBeta = ctx.paramGrad("beta");
  const meanAt = ctx.scratch("batch_mean", channels * 8);
  const invAt = ctx.scratch("batch_inv_std", channels * 8);
  for (const l of ["count", "inv"]) fn.local(l, "f64");
  for (const l of ["acc_dy", "acc_dyx", "mv", "iv", "k", "mean_dy", "mean_dyx", "xv", "gv"])
    fn.local(l, "v128");
  fn.local("c", "i32");
  const xhat = (half: Expr) => `(f64x2.mul (f64x2.sub ${half} ${get("mv")}) ${get("iv")})`;
  const accumulate = overChannel(ctx, positions, (q, lanes) => {
    // lanes past the plane are zeroed (x too: 0 · NaN would still be NaN), so neither sum counts them
    const halves = [
      [low(get("xv")), low(get("gv"))],
      [high(get("xv")), high(get("gv"))],
    ] as const;
    return `${set("xv", masked(load("v128", q, x), lanes))}
      ${set("gv", masked(load("v128", q, dy), lanes))}
      ${halves
        .map(
          ([xh, gh]) => `${set("acc_dy", `(f64x2.add ${get("acc_dy")} ${gh})`)}
        ${set("acc_dyx", `(f64x2.add ${get("acc_dyx")} (f64x2.mul ${gh} ${xhat(xh)}))`)}`,
        )
        .join("\n")}`;
  });
  const inputGradient =
    dx === undefined
      ? ""
      : `${set("k", `(f64x2.splat (f64.mul (f64.promote_f32 ${load("f32", mul(get("c"), 4), ctx.param("gamma"))}) ${get("inv")}))`)}
        ${set("mean_dy", `(f64x2.splat (f64.div ${sum2(get("acc_dy"))} ${get("count")}))`)}
        ${set("mean_dyx", `(f64x2.splat (f64.div ${sum2(get("acc_dyx"))} ${get("count")}))`)}
        ${overChannel(ctx, positions, (q, lanes) => {
          const value = (xh: Expr, gh: Expr) =>
            `(f64x2.mul ${get("k")} (f64x2.sub (f64x2.sub ${gh} ${get("mean_dy")}) (f64x2.mul ${xhat(xh)} ${get("mean_dyx")})))`;
          const result = joined(
            value(low(get("xv")), low(get("gv"))),
            value(high(get("xv")), high(get("gv"))),
          );
          return `${set("xv", load("v128", q, x))}
            ${set("gv", load("v128", q, dy))}
            ${storeLanes(q, dx, ctx.accumulatesInputGrad() ? `(f32x4.add ${load("v128", q, dx)} ${result})` : result, lanes)}`;
        })}`;
  return `${set("count", `(f64.mul (f64.convert_i32_s ${ctx.n}) ${f64(positions)})`)}
    ${fn.forLoop(
      "c",
      0,
      channels,
      `${set("mv", `(f64x2.splat ${load("f64", add(ctx.thread, mul(get("c"), 8)), meanAt)})`)}
      ${set("inv", load("f64", add(ctx.thread, mul(get("c"), 8)), invAt))}
      ${set("iv", `(f64x2.splat ${get("inv")})`)}
      ${set("acc_dy", "(v128.const f64x2 0 0)")}
      ${set("acc_dyx", "(v128.const f64x2 0 0)")}
      ${accumulate}
      ${dGamma === undefined ? "" : store("f32", add(ctx.grads, mul(get("c"), 4)), dGamma, `(f32.demote_f64 ${sum2(get("acc_dyx"))})`)}
      ${dBeta === undefined ? "" : store("f32", add(ctx.grads, mul(get("c"), 4)), dBeta, `(f32.demote_f64 ${sum2(get("acc_dy"))})`)}
      ${inputGradient}`,
    )}`;
}

export const batchnormWasm: WasmLayerEmitter<ResolvedAttrsOf<"batchnorm">> = { forward, backward };
