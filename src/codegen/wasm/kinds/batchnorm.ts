import type { LayerNode } from "../../../ir/ir.js";
import { product } from "../../loops/kernels/geometry.js";
import { eachRecord, exactVectors } from "../kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../layer-emitter.js";
import {
  add,
  f32,
  f64,
  get,
  horizontalSum,
  load,
  loadLanes,
  mul,
  set,
  store,
  storeLanes,
  zeroV128,
  type Expr,
} from "../wat.js";

/**
 * Batch normalization per channel, as the loops reference computes it (../../loops/
 * kernels/normalization.ts): training normalises with the batch's mean and biased
 * variance (two passes) and moves the running statistics toward them (the unbiased
 * variance, PyTorch's); evaluation uses the running statistics. The batch mean and 1/σ
 * are kept per thread for the backward pass:
 *
 *   dγ = Σ dy·x̂,  dβ = Σ dy,  dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂))
 *
 * Sums run over each sample's plane in f32 vectors and are added across the batch in
 * f64, so the statistics of a 64 × 32 × 32 channel keep the reference's precision.
 * Only the first thread updates the running statistics (each thread normalises its own
 * share, as PyTorch's DistributedDataParallel does without SyncBatchNorm).
 */
function layout(node: LayerNode) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  const positions = product(shape) / channels;
  return { channels, positions };
}

function attr(node: LayerNode, name: string, fallback: number): number {
  const value = node.attrs[name];
  return typeof value === "number" ? value : fallback;
}

/**
 * For channel $c: `perVector(q, lanes)` over every vector of the channel's plane in every
 * sample (q: the vector's address within the record, to use with tensor offsets; exact
 * lanes at the plane's end), with `beforeSample`/`afterSample` around each sample.
 */
function overChannel(
  ctx: WasmEmitContext,
  positions: number,
  body: {
    beforeSample?: string;
    perVector: (q: Expr, lanes: number) => string;
    afterSample?: string;
  },
): string {
  const plane = ctx.fn.local("plane", "i32");
  return eachRecord(
    ctx,
    (record) => `${set(plane, add(record, mul(get("c"), positions * 4)))}
      ${body.beforeSample ?? ""}
      ${exactVectors(ctx, get(plane), positions, body.perVector)}
      ${body.afterSample ?? ""}`,
    "bs",
  );
}

/** Lanes past `lanes` masked to zero (for sums over an exact-length plane tail). */
const masked = (vector: Expr, lanes: number) =>
  lanes === 4
    ? vector
    : `(v128.and ${vector} (v128.const i32x4 ${[0, 1, 2, 3].map((l) => (l < lanes ? -1 : 0)).join(" ")}))`;

function forward(node: LayerNode, ctx: WasmEmitContext): string {
  const { channels, positions } = layout(node);
  const eps = attr(node, "eps", 1e-5);
  const momentum = attr(node, "momentum", 0.1);
  const fn = ctx.fn;
  const x = ctx.input();
  const y = ctx.output();
  const gamma = ctx.param("gamma");
  const beta = ctx.param("beta");
  const meanAt = ctx.scratch("batch_mean", channels * 4);
  const invAt = ctx.scratch("batch_inv_std", channels * 4);
  const runningMean = ctx.buffer("running_mean");
  const runningVar = ctx.buffer("running_var");
  for (const l of ["total", "squares", "count", "m64", "variance"]) fn.local(l, "f64");
  for (const l of ["acc", "mv", "scale", "shift"]) fn.local(l, "v128");
  for (const l of ["m", "inv"]) fn.local(l, "f32");
  fn.local("c", "i32");
  const planeSum = (of: (v: Expr) => Expr, target: string) =>
    overChannel(ctx, positions, {
      beforeSample: set("acc", zeroV128),
      perVector: (q, lanes) =>
        set("acc", `(f32x4.add ${get("acc")} ${masked(of(load("v128", q, x)), lanes)})`),
      afterSample: set(
        target,
        `(f64.add ${get(target)} (f64.promote_f32 ${horizontalSum(get("acc"))}))`,
      ),
    });
  const statistics = `
    ${set("total", f64(0))}
    ${planeSum((v) => v, "total")}
    ${set("m64", `(f64.div ${get("total")} ${get("count")})`)}
    ${set("m", `(f32.demote_f64 ${get("m64")})`)}
    ${set("mv", `(f32x4.splat ${get("m")})`)}
    ${set("squares", f64(0))}
    ${planeSum((v) => `(f32x4.mul (f32x4.sub ${v} ${get("mv")}) (f32x4.sub ${v} ${get("mv")}))`, "squares")}
    ${set("variance", `(f64.div ${get("squares")} ${get("count")})`)}
    ${set("inv", `(f32.demote_f64 (f64.div (f64.const 1) (f64.sqrt (f64.add ${get("variance")} ${f64(eps)}))))`)}
    ${store("f32", add(ctx.thread, mul(get("c"), 4)), meanAt, get("m"))}
    ${store("f32", add(ctx.thread, mul(get("c"), 4)), invAt, get("inv"))}
    (if ${ctx.firstThread}
      (then
        ${store("f32", mul(get("c"), 4), runningMean, `(f32.demote_f64 (f64.add (f64.mul ${f64(1 - momentum)} (f64.promote_f32 ${load("f32", mul(get("c"), 4), runningMean)})) (f64.mul ${f64(momentum)} ${get("m64")})))`)}
        ${store(
          "f32",
          mul(get("c"), 4),
          runningVar,
          `(f32.demote_f64 (f64.add (f64.mul ${f64(1 - momentum)} (f64.promote_f32 ${load("f32", mul(get("c"), 4), runningVar)}))
            (f64.mul ${f64(momentum)} (if (result f64) (f64.gt ${get("count")} (f64.const 1))
              (then (f64.div ${get("squares")} (f64.sub ${get("count")} (f64.const 1))))
              (else ${get("variance")})))))`,
        )}))`;
  const evaluation = `
    ${set("m", load("f32", mul(get("c"), 4), runningMean))}
    ${set("inv", `(f32.div ${f32(1)} (f32.sqrt (f32.add ${load("f32", mul(get("c"), 4), runningVar)} ${f32(eps)})))`)}`;
  return `${set("count", `(f64.mul (f64.convert_i32_s ${ctx.n}) ${f64(positions)})`)}
    ${fn.forLoop(
      "c",
      0,
      channels,
      `(if ${ctx.training} (then ${statistics}) (else ${evaluation}))
      ${set("scale", `(f32x4.splat (f32.mul ${load("f32", mul(get("c"), 4), gamma)} ${get("inv")}))`)}
      ${set("shift", `(f32x4.splat (f32.sub ${load("f32", mul(get("c"), 4), beta)} (f32.mul ${get("m")} (f32x4.extract_lane 0 ${get("scale")}))))`)}
      ${overChannel(ctx, positions, {
        perVector: (q, lanes) =>
          storeLanes(
            q,
            y,
            `(f32x4.add (f32x4.mul ${load("v128", q, x)} ${get("scale")}) ${get("shift")})`,
            lanes,
          ),
      })}`,
    )}`;
}

function backward(node: LayerNode, ctx: WasmEmitContext): string {
  const { channels, positions } = layout(node);
  const fn = ctx.fn;
  const x = ctx.input();
  const dy = ctx.outputGrad();
  const dx = ctx.inputGrad();
  const dGamma = ctx.paramGrad("gamma");
  const dBeta = ctx.paramGrad("beta");
  const meanAt = ctx.scratch("batch_mean", channels * 4);
  const invAt = ctx.scratch("batch_inv_std", channels * 4);
  for (const l of ["sum_dy", "sum_dy_xhat", "count"]) fn.local(l, "f64");
  for (const l of ["acc_dy", "acc_dyx", "mv", "iv", "xhat", "k", "mean_dy", "mean_dyx"])
    fn.local(l, "v128");
  fn.local("c", "i32");
  const accumulate = overChannel(ctx, positions, {
    beforeSample: `${set("acc_dy", zeroV128)} ${set("acc_dyx", zeroV128)}`,
    perVector: (q, lanes) => {
      const g = lanes === 4 ? load("v128", q, dy) : loadLanes(q, dy, lanes);
      return `${set("xhat", `(f32x4.mul (f32x4.sub ${load("v128", q, x)} ${get("mv")}) ${get("iv")})`)}
        ${set("acc_dy", `(f32x4.add ${get("acc_dy")} ${g})`)}
        ${set("acc_dyx", `(f32x4.add ${get("acc_dyx")} (f32x4.mul ${g} ${get("xhat")}))`)}`;
    },
    afterSample: `${set("sum_dy", `(f64.add ${get("sum_dy")} (f64.promote_f32 ${horizontalSum(get("acc_dy"))}))`)}
      ${set("sum_dy_xhat", `(f64.add ${get("sum_dy_xhat")} (f64.promote_f32 ${horizontalSum(get("acc_dyx"))}))`)}`,
  });
  const inputGradient =
    dx === undefined
      ? ""
      : `${set("k", `(f32x4.splat (f32.mul ${load("f32", mul(get("c"), 4), ctx.param("gamma"))} (f32x4.extract_lane 0 ${get("iv")})))`)}
        ${set("mean_dy", `(f32x4.splat (f32.demote_f64 (f64.div ${get("sum_dy")} ${get("count")})))`)}
        ${set("mean_dyx", `(f32x4.splat (f32.demote_f64 (f64.div ${get("sum_dy_xhat")} ${get("count")})))`)}
        ${overChannel(ctx, positions, {
          perVector: (q, lanes) => {
            const xhat = `(f32x4.mul (f32x4.sub ${load("v128", q, x)} ${get("mv")}) ${get("iv")})`;
            const value = `(f32x4.mul ${get("k")} (f32x4.sub (f32x4.sub ${load("v128", q, dy)} ${get("mean_dy")}) (f32x4.mul ${xhat} ${get("mean_dyx")})))`;
            return storeLanes(
              q,
              dx,
              ctx.accumulatesInputGrad() ? `(f32x4.add ${load("v128", q, dx)} ${value})` : value,
              lanes,
            );
          },
        })}`;
  return `${set("count", `(f64.mul (f64.convert_i32_s ${ctx.n}) ${f64(positions)})`)}
    ${fn.forLoop(
      "c",
      0,
      channels,
      `${set("mv", `(v128.load32_splat offset=${meanAt} ${add(ctx.thread, mul(get("c"), 4))})`)}
      ${set("iv", `(v128.load32_splat offset=${invAt} ${add(ctx.thread, mul(get("c"), 4))})`)}
      ${set("sum_dy", f64(0))}
      ${set("sum_dy_xhat", f64(0))}
      ${accumulate}
      ${dGamma === undefined ? "" : store("f32", add(ctx.grads, mul(get("c"), 4)), dGamma, `(f32.demote_f64 ${get("sum_dy_xhat")})`)}
      ${dBeta === undefined ? "" : store("f32", add(ctx.grads, mul(get("c"), 4)), dBeta, `(f32.demote_f64 ${get("sum_dy")})`)}
      ${inputGradient}`,
    )}`;
}

export const batchNormWasm: WasmLayerEmitter = { forward, backward };
