import type { LayerNode } from "../../../ir/ir.js";
import { window2d } from "../geometry.js";
import { chooseOuterTile, gemmDot, gemmOuter, packBytes, worthPacking } from "./gemm.js";
import { col2im, im2col, im2colPanels, panelsFit, type ColumnGeometry } from "./im2col.js";
import { eachRecord, exactVectors, zeroBytes, zeroRecordTensor } from "./records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../layer-emitter.js";
import {
  add,
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
 * Convolution (conv1d and conv2d: stride, padding, dilation, groups, optional bias),
 * one sample at a time, as the loops reference computes it — im2col, then products —
 * with the products as SIMD tiles (../kernels/gemm.ts):
 *
 *   forward  y[co, p]   = b[co] + Σ_k W[co, k]·col[k, p]        outer product, along p
 *   dW       dW[co, k] += Σ_p dy[co, p]·col[k, p]               dot product, along p
 *   dx       dcol[k, p] = Σ_co W[co, k]·dy[co, p]; col2im        outer product, along p
 *
 * Vectorising along the output positions p keeps the SIMD lanes full whatever the
 * channel count (LeNet-5's first layer has 6 output channels and 784 positions). A 1×1
 * convolution with stride 1 and no padding reads its input as the columns directly.
 */

export interface ConvPlan extends ColumnGeometry {
  groups: number;
  outPerGroup: number;
  patch: number;
  inPlane: number;
  pointwise: boolean;
}

export function convPlan(node: LayerNode, groupsOverride?: number): ConvPlan {
  const g = window2d(node);
  const groups = groupsOverride ?? (typeof node.attrs.groups === "number" ? node.attrs.groups : 1);
  const channels = g.channelsIn / groups;
  const positions = g.outH * g.outW;
  return {
    ...g,
    groups,
    channels,
    outPerGroup: g.channelsOut / groups,
    patch: channels * g.kH * g.kW,
    positions,
    inPlane: g.inH * g.inW,
    pointwise:
      g.kH === 1 &&
      g.kW === 1 &&
      g.strideH === 1 &&
      g.strideW === 1 &&
      g.padTop === 0 &&
      g.padLeft === 0 &&
      positions === g.inH * g.inW,
  };
}

/** Per group (a loop only when there are several). */
function perGroup(ctx: WasmEmitContext, p: ConvPlan, body: (g: Expr) => string): string {
  if (p.groups === 1) return body("(i32.const 0)");
  const g = ctx.fn.fresh("group", "i32");
  return ctx.fn.forLoop(g, 0, p.groups, body(get(g)));
}

/** Where a convolution's weights (or their gradient) are: `base + offset`, [out, in/groups, kH, kW]. */
export interface WeightsAt {
  base: Expr;
  offset: number;
}

function forward(node: LayerNode, ctx: WasmEmitContext): string {
  const hasBias = node.params.some((t) => t.name === "bias");
  return convolutionForward(
    ctx,
    convPlan(node),
    { base: "(i32.const 0)", offset: ctx.param("weight") },
    hasBias ? ctx.param("bias") : undefined,
  );
}

/** The forward pass of a convolution with plan `p`, weights at `weights`, and an optional bias (absolute address). */
export function convolutionForward(
  ctx: WasmEmitContext,
  p: ConvPlan,
  weights: WeightsAt,
  bias: number | undefined,
): string {
  const colBytes = p.pointwise ? 0 : p.patch * p.positions * 4;
  const bRow = p.pointwise ? p.inPlane * 4 : p.positions * 4;
  const tile = chooseOuterTile(p.outPerGroup, p.positions, ctx.relaxed);
  // columns written straight into the product's panels where the geometry allows it;
  // otherwise row-major columns, packed panel by panel when their rows are far apart
  const panels = !p.pointwise && panelsFit(p, 4 * tile[1]);
  const pack =
    !panels && worthPacking(p.outPerGroup, p.positions, p.patch, bRow, ctx.relaxed)
      ? packBytes(p.outPerGroup, p.positions, p.patch, ctx.relaxed)
      : 0;
  const col = ctx.transient(colBytes + pack);
  const colAddr = add(ctx.thread, col);
  const packAt = pack > 0 ? { pack: add(ctx.thread, col + colBytes) } : {};
  const x = ctx.fn.fresh("xg", "i32");
  return eachRecord(ctx, (record) =>
    perGroup(ctx, p, (g) => {
      const lines = [set(x, add(add(record, ctx.input()), mul(g, p.channels * p.inPlane * 4)))];
      if (panels) lines.push(im2colPanels(ctx, p, get(x), colAddr, 4 * tile[1]));
      else if (!p.pointwise) lines.push(im2col(ctx, p, get(x), colAddr));
      lines.push(
        gemmOuter({
          fn: ctx.fn,
          M: p.outPerGroup,
          N: p.positions,
          K: p.patch,
          tile,
          ...(panels ? { bPanels: true } : {}),
          A: {
            base: add(weights.base, mul(g, p.outPerGroup * p.patch * 4)),
            offset: weights.offset,
            row: p.patch * 4,
            col: 4,
          },
          B: p.pointwise
            ? { base: get(x), offset: 0, row: p.inPlane * 4, col: 4 }
            : { base: colAddr, offset: 0, row: p.positions * 4, col: 4 },
          C: {
            base: add(record, mul(g, p.outPerGroup * p.positions * 4)),
            offset: ctx.output(),
            row: p.positions * 4,
            col: 4,
          },
          op: "=",
          relaxed: ctx.relaxed,
          ...packAt,
          ...(bias !== undefined && p.groups === 1 ? { bias } : {}),
        }),
      );
      if (bias !== undefined && p.groups > 1) lines.push(addGroupBias(ctx, p, record, g, bias));
      return lines.join("\n");
    }),
  );
}

/** y[g·outPerGroup + co, ·] += b[g·outPerGroup + co] for a grouped convolution. */
function addGroupBias(
  ctx: WasmEmitContext,
  p: ConvPlan,
  record: Expr,
  g: Expr,
  bias: number,
): string {
  const co = ctx.fn.fresh("co", "i32");
  const b = ctx.fn.fresh("bias", "v128");
  const plane = ctx.fn.fresh("plane", "i32");
  return ctx.fn.forLoop(
    co,
    0,
    p.outPerGroup,
    `${set(b, `(v128.load32_splat ${add(bias, mul(add(mul(g, p.outPerGroup), get(co)), 4))})`)}
     ${set(plane, add(add(record, ctx.output()), mul(add(mul(g, p.outPerGroup), get(co)), p.positions * 4)))}
     ${exactVectors(ctx, get(plane), p.positions, (q, lanes) =>
       storeLanes(q, 0, `(f32x4.add ${load("v128", q)} ${get(b)})`, lanes),
     )}`,
  );
}

function backward(node: LayerNode, ctx: WasmEmitContext): string {
  const dw = ctx.paramGrad("weight");
  const hasBias = node.params.some((t) => t.name === "bias");
  const db = hasBias ? ctx.paramGrad("bias") : undefined;
  return convolutionBackward(ctx, convPlan(node), {
    weights: { base: "(i32.const 0)", offset: ctx.param("weight") },
    ...(dw !== undefined ? { weightGrad: { base: ctx.grads, offset: dw } } : {}),
    ...(db !== undefined ? { biasGrad: db } : {}),
  });
}

/**
 * The backward pass of a convolution with plan `p`: the weight gradient (overwritten)
 * at `weightGrad`, the bias gradient at `biasGrad` (an offset from the thread's gradient
 * arena) and the input gradient, each when asked for.
 */
export function convolutionBackward(
  ctx: WasmEmitContext,
  p: ConvPlan,
  io: { weights: WeightsAt; weightGrad?: WeightsAt; biasGrad?: number },
): string {
  const dx = ctx.inputGrad();
  const dwAt = io.weightGrad;
  const db = io.biasGrad;
  const parts: string[] = [];
  if (db !== undefined) parts.push(biasGradient(ctx, p, db));
  if (dwAt === undefined && dx === undefined) return parts.join("\n");
  const colBytes = p.pointwise ? 0 : p.patch * p.positions * 4;
  const pack =
    dx !== undefined &&
    worthPacking(p.patch, p.positions, p.outPerGroup, p.positions * 4, ctx.relaxed)
      ? packBytes(p.patch, p.positions, p.outPerGroup, ctx.relaxed)
      : 0;
  const col = ctx.transient(colBytes + pack);
  const colAddr = add(ctx.thread, col);
  const packAt = pack > 0 ? { pack: add(ctx.thread, col + colBytes) } : {};
  if (dwAt !== undefined)
    parts.push(zeroBytes(ctx, dwAt.base, dwAt.offset, p.channelsOut * p.patch * 4));
  if (dx !== undefined && !ctx.accumulatesInputGrad())
    parts.push(zeroRecordTensor(ctx, p.channelsIn * p.inPlane, dx));
  const x = ctx.fn.fresh("xg", "i32");
  const dxg = ctx.fn.fresh("dxg", "i32");
  parts.push(
    eachRecord(ctx, (record) =>
      perGroup(ctx, p, (g) => {
        const dyGroup: Expr = add(record, mul(g, p.outPerGroup * p.positions * 4));
        const lines = [set(x, add(add(record, ctx.input()), mul(g, p.channels * p.inPlane * 4)))];
        if (dwAt !== undefined) {
          if (!p.pointwise) lines.push(im2col(ctx, p, get(x), colAddr));
          lines.push(
            gemmDot({
              fn: ctx.fn,
              M: p.outPerGroup,
              N: p.patch,
              K: p.positions,
              A: { base: dyGroup, offset: ctx.outputGrad(), row: p.positions * 4, col: 4 },
              B: p.pointwise
                ? { base: get(x), offset: 0, row: p.inPlane * 4, col: 4 }
                : { base: colAddr, offset: 0, row: p.positions * 4, col: 4 },
              C: {
                base: add(dwAt.base, mul(g, p.outPerGroup * p.patch * 4)),
                offset: dwAt.offset,
                row: p.patch * 4,
                col: 4,
              },
              op: "+=",
              relaxed: ctx.relaxed,
            }),
          );
        }
        if (dx !== undefined) {
          lines.push(set(dxg, add(add(record, dx), mul(g, p.channels * p.inPlane * 4))));
          lines.push(
            gemmOuter({
              fn: ctx.fn,
              M: p.patch,
              N: p.positions,
              K: p.outPerGroup,
              A: {
                base: add(io.weights.base, mul(g, p.outPerGroup * p.patch * 4)),
                offset: io.weights.offset,
                row: 4,
                col: p.patch * 4,
              },
              B: { base: dyGroup, offset: ctx.outputGrad(), row: p.positions * 4, col: 4 },
              C: p.pointwise
                ? { base: get(dxg), offset: 0, row: p.inPlane * 4, col: 4 }
                : { base: colAddr, offset: 0, row: p.positions * 4, col: 4 },
              op: p.pointwise ? "+=" : "=",
              relaxed: ctx.relaxed,
              ...packAt,
            }),
          );
          if (!p.pointwise) lines.push(col2im(ctx, p, get(dxg), colAddr));
        }
        return lines.join("\n");
      }),
    ),
  );
  return parts.join("\n");
}

/** dbias[co] = Σ over the batch and positions of dy[co, ·]. */
function biasGradient(ctx: WasmEmitContext, p: ConvPlan, db: number): string {
  const co = ctx.fn.fresh("co", "i32");
  const sum = ctx.fn.fresh("sum", "v128");
  const plane = ctx.fn.fresh("plane", "i32");
  const whole = Math.floor(p.positions / 4);
  const lanes = p.positions % 4;
  const end = ctx.fn.fresh("plane_end", "i32");
  const accumulate = (record: Expr) =>
    [
      set(plane, add(add(record, ctx.outputGrad()), mul(get(co), p.positions * 4))),
      ...(whole > 0
        ? [
            set(end, add(get(plane), whole * 16)),
            ctx.fn.pointerLoop(
              plane,
              end,
              16,
              set(sum, `(f32x4.add ${get(sum)} ${load("v128", get(plane))})`),
            ),
          ]
        : []),
      ...(lanes > 0
        ? [set(sum, `(f32x4.add ${get(sum)} ${loadLanes(get(plane), 0, lanes)})`)]
        : []),
    ].join("\n");
  return ctx.fn.forLoop(
    co,
    0,
    p.channelsOut,
    `${set(sum, zeroV128)}
     ${eachRecord(ctx, accumulate)}
     ${store("f32", add(ctx.grads, mul(get(co), 4)), db, horizontalSum(get(sum)))}`,
  );
}

export const convolutionWasm: WasmLayerEmitter = { forward, backward };
