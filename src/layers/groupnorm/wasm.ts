import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { product } from "../../codegen/wasm/geometry.js";
import {
  high,
  joined,
  low,
  masked2,
  sum2,
  zeroF64x2,
} from "../../codegen/wasm/kernels/f64-lanes.js";
import {
  eachRecord,
  exactVectors,
  loadExact,
  zeroBytes,
} from "../../codegen/wasm/kernels/records.js";
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
 * Group normalization, as the loops reference computes it (./loops.ts): for each sample
 * and group, the mean and biased variance over the group's channels and positions (two
 * passes), then y = γ_c·(x − μ)/σ + β_c per channel. The mean and 1/σ of each
 * (sample, group) are kept in the sample's record for the backward, which is batch norm's
 * formula over the group instead of over the batch: with d = dy·γ_c,
 *
 *   dx = (1/σ)·(d − mean(d) − x̂·mean(d·x̂)),  dγ_c = Σ dy·x̂,  dβ_c = Σ dy
 *
 * γ is constant over a channel's plane, so one pass gathers Σ dy and Σ dy·x̂ per channel:
 * they are dβ_c and dγ_c's share of this sample, and γ-weighted they sum to the group's
 * Σ d and Σ d·x̂.
 *
 * Like batch norm (../batchnorm/wasm.ts) the arithmetic is f64 in two f64x2 halves per
 * vector of four floats: the normalisation subtracts nearly equal numbers and the
 * backward's sums nearly cancel. dγ and dβ add up over the samples in f64 in per-thread
 * scratch and are written once.
 *
 * A group's channels are consecutive, so in the channels-first record a (sample, group)
 * is one contiguous run; a channel's plane inside it starts wherever the previous one
 * ended, so every pass reads and writes exactly its values (lane loads and stores at a
 * plane's end). Every statistic is one sample's: threads share nothing but the gradient
 * reduction, and the result does not depend on how the batch is split.
 */

type Attrs = ResolvedAttrsOf<"groupnorm">;

function layout(node: LayerNode<Attrs>) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  const positions = product(shape) / channels;
  const groups = node.attrs.groups;
  const perGroup = channels / groups;
  return { channels, positions, groups, perGroup, size: perGroup * positions };
}

/** Each (sample, group)'s mean and 1/σ (f64), record offsets, kept from the forward for the backward. */
function statistics(ctx: WasmEmitContext, groups: number) {
  return {
    mean: ctx.scratch("group_mean", groups * 8, { perSample: true }),
    invStd: ctx.scratch("group_inv_std", groups * 8, { perSample: true }),
  };
}

/** `for (c = k·perGroup; c < (k + 1)·perGroup; c++)`: the channels of group $k. */
function overGroupChannels(ctx: WasmEmitContext, perGroup: number, body: string): string {
  const first = mul(get("k"), perGroup);
  return ctx.fn.forLoop("c", first, add(first, perGroup), body);
}

/**
 * For channel $c of the record at `record`: `perVector(q, lanes)` over every vector of
 * its plane (q: the vector's address in the record, to use with tensor offsets; exact
 * lanes at the plane's end).
 */
function overPlane(
  ctx: WasmEmitContext,
  record: Expr,
  positions: number,
  perVector: (q: Expr, lanes: number) => string,
): string {
  ctx.fn.local("plane", "i32");
  return `${set("plane", add(record, mul(get("c"), positions * 4)))}
    ${exactVectors(ctx, get("plane"), positions, perVector)}`;
}

/** γ_c or β_c as an f64. */
const channelValue = (base: number): Expr =>
  `(f64.promote_f32 ${load("f32", mul(get("c"), 4), base)})`;

function forward(node: LayerNode<Attrs>, ctx: WasmEmitContext): string {
  const { positions, groups, perGroup, size } = layout(node);
  const fn = ctx.fn;
  const x = ctx.input();
  const y = ctx.output();
  const gamma = ctx.param("gamma");
  const beta = ctx.param("beta");
  const { mean, invStd } = statistics(ctx, groups);
  for (const l of ["m", "inv"]) fn.local(l, "f64");
  for (const l of ["acc", "mv", "scale", "shift", "xv"]) fn.local(l, "v128");
  fn.local("k", "i32");
  fn.local("run", "i32");
  return eachRecord(ctx, (record) =>
    fn.forLoop(
      "k",
      0,
      groups,
      `${set("run", add(record, mul(get("k"), size * 4)))}
      ${set("acc", zeroF64x2)}
      ${exactVectors(ctx, get("run"), size, (q, lanes) => {
        // an exact load: the lanes past the run are zero and add nothing
        return `${set("xv", loadExact(q, x, lanes))}
          ${set("acc", `(f64x2.add (f64x2.add ${get("acc")} ${low(get("xv"))}) ${high(get("xv"))})`)}`;
      })}
      ${set("m", `(f64.div ${sum2(get("acc"))} ${f64(size)})`)}
      ${set("mv", `(f64x2.splat ${get("m")})`)}
      ${set("acc", zeroF64x2)}
      ${exactVectors(ctx, get("run"), size, (q, lanes) => {
        const d = (half: Expr) => `(f64x2.sub ${half} ${get("mv")})`;
        const square = (half: Expr) => `(f64x2.mul ${d(half)} ${d(half)})`;
        // lanes past the run are zeroed after the subtraction: their squares must not count
        return `${set("xv", loadExact(q, x, lanes))}
          ${set("acc", `(f64x2.add ${get("acc")} ${masked2(square(low(get("xv"))), lanes, 0)})`)}
          ${set("acc", `(f64x2.add ${get("acc")} ${masked2(square(high(get("xv"))), lanes, 2)})`)}`;
      })}
      ${set("inv", `(f64.div (f64.const 1) (f64.sqrt (f64.add (f64.div ${sum2(get("acc"))} ${f64(size)}) ${f64(node.attrs.eps)})))`)}
      ${store("f64", add(record, mul(get("k"), 8)), mean, get("m"))}
      ${store("f64", add(record, mul(get("k"), 8)), invStd, get("inv"))}
      ${overGroupChannels(
        ctx,
        perGroup,
        `${set("scale", `(f64x2.splat (f64.mul ${channelValue(gamma)} ${get("inv")}))`)}
        ${set("shift", `(f64x2.splat ${channelValue(beta)})`)}
        ${overPlane(ctx, record, positions, (q, lanes) => {
          const normalised = (half: Expr) =>
            `(f64x2.add (f64x2.mul (f64x2.sub ${half} ${get("mv")}) ${get("scale")}) ${get("shift")})`;
          return `${set("xv", loadExact(q, x, lanes))}
            ${storeLanes(q, y, joined(normalised(low(get("xv"))), normalised(high(get("xv")))), lanes)}`;
        })}`,
      )}`,
    ),
  );
}

function backward(node: LayerNode<Attrs>, ctx: WasmEmitContext): string {
  const { channels, positions, groups, perGroup, size } = layout(node);
  const fn = ctx.fn;
  const x = ctx.input();
  const dy = ctx.outputGrad();
  const dx = ctx.inputGrad();
  const gamma = ctx.param("gamma");
  const dGamma = ctx.paramGrad("gamma");
  const dBeta = ctx.paramGrad("beta");
  const { mean, invStd } = statistics(ctx, groups);
  // Σ dy·x̂ and Σ dy per channel over this thread's samples, in f64 (offsets from `thread`)
  const sumDyXhat = ctx.scratch("group_sum_dy_xhat", channels * 8);
  const sumDy = ctx.scratch("group_sum_dy", channels * 8);
  for (const l of ["inv", "g", "channel_dy", "channel_dyx", "sum_d", "sum_dx"]) fn.local(l, "f64");
  for (const l of ["acc_dy", "acc_dyx", "mv", "iv", "gs", "mean_d", "mean_dx", "xv", "gv"])
    fn.local(l, "v128");
  fn.local("k", "i32");
  const xhat = (half: Expr) => `(f64x2.mul (f64x2.sub ${half} ${get("mv")}) ${get("iv")})`;
  const channelSum = add(ctx.thread, mul(get("c"), 8));
  const addToChannelSum = (offset: number, value: Expr) =>
    store("f64", channelSum, offset, `(f64.add ${load("f64", channelSum, offset)} ${value})`);

  // per channel of the group: Σ dy and Σ dy·x̂ over its plane (exact loads: lanes past
  // the plane are zero in x and dy, so their products add nothing)
  const channelSums = (record: Expr) =>
    overPlane(ctx, record, positions, (q, lanes) => {
      const halves = [
        [low(get("xv")), low(get("gv"))],
        [high(get("xv")), high(get("gv"))],
      ] as const;
      return `${set("xv", loadExact(q, x, lanes))}
        ${set("gv", loadExact(q, dy, lanes))}
        ${halves
          .map(
            ([xh, gh]) => `${set("acc_dy", `(f64x2.add ${get("acc_dy")} ${gh})`)}
          ${set("acc_dyx", `(f64x2.add ${get("acc_dyx")} (f64x2.mul ${gh} ${xhat(xh)}))`)}`,
          )
          .join("\n")}`;
    });
  const inputGradient = (record: Expr) =>
    dx === undefined
      ? ""
      : `${set("mean_d", `(f64x2.splat (f64.div ${get("sum_d")} ${f64(size)}))`)}
        ${set("mean_dx", `(f64x2.splat (f64.div ${get("sum_dx")} ${f64(size)}))`)}
        ${overGroupChannels(
          ctx,
          perGroup,
          `${set("gs", `(f64x2.splat ${channelValue(gamma)})`)}
          ${overPlane(ctx, record, positions, (q, lanes) => {
            const value = (xh: Expr, gh: Expr) =>
              `(f64x2.mul ${get("iv")} (f64x2.sub (f64x2.sub (f64x2.mul ${gh} ${get("gs")}) ${get("mean_d")}) (f64x2.mul ${xhat(xh)} ${get("mean_dx")})))`;
            const result = joined(
              value(low(get("xv")), low(get("gv"))),
              value(high(get("xv")), high(get("gv"))),
            );
            return `${set("xv", loadExact(q, x, lanes))}
              ${set("gv", loadExact(q, dy, lanes))}
              ${storeLanes(q, dx, ctx.accumulatesInputGrad() ? `(f32x4.add ${loadExact(q, dx, lanes)} ${result})` : result, lanes)}`;
          })}`,
        )}`;
  const perGroupBody = (record: Expr) => `
    ${set("mv", `(f64x2.splat ${load("f64", add(record, mul(get("k"), 8)), mean)})`)}
    ${set("inv", load("f64", add(record, mul(get("k"), 8)), invStd))}
    ${set("iv", `(f64x2.splat ${get("inv")})`)}
    ${set("sum_d", "(f64.const 0)")}
    ${set("sum_dx", "(f64.const 0)")}
    ${overGroupChannels(
      ctx,
      perGroup,
      `${set("acc_dy", zeroF64x2)}
      ${set("acc_dyx", zeroF64x2)}
      ${channelSums(record)}
      ${set("channel_dy", sum2(get("acc_dy")))}
      ${set("channel_dyx", sum2(get("acc_dyx")))}
      ${set("g", channelValue(gamma))}
      ${set("sum_d", `(f64.add ${get("sum_d")} (f64.mul ${get("g")} ${get("channel_dy")}))`)}
      ${set("sum_dx", `(f64.add ${get("sum_dx")} (f64.mul ${get("g")} ${get("channel_dyx")}))`)}
      ${dGamma === undefined ? "" : addToChannelSum(sumDyXhat, get("channel_dyx"))}
      ${dBeta === undefined ? "" : addToChannelSum(sumDy, get("channel_dy"))}`,
    )}
    ${inputGradient(record)}`;
  const writeParamGrad = (grad: number | undefined, sums: number) =>
    grad === undefined
      ? ""
      : fn.forLoop(
          "c",
          0,
          channels,
          store(
            "f32",
            add(ctx.grads, mul(get("c"), 4)),
            grad,
            `(f32.demote_f64 ${load("f64", channelSum, sums)})`,
          ),
        );
  return `${zeroBytes(ctx, ctx.thread, sumDyXhat, channels * 8)}
    ${zeroBytes(ctx, ctx.thread, sumDy, channels * 8)}
    ${eachRecord(ctx, (record) => fn.forLoop("k", 0, groups, perGroupBody(record)))}
    ${writeParamGrad(dGamma, sumDyXhat)}
    ${writeParamGrad(dBeta, sumDy)}`;
}

export const groupnormWasm: WasmLayerEmitter<Attrs> = { forward, backward };
