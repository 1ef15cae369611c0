import type { LayerNode } from "../../../ir/ir.js";
import { product } from "../../loops/kernels/geometry.js";
import {
  copyRecordTensor,
  eachRecord,
  eachRecordVector,
  zeroRecordTensor,
} from "../kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../layer-emitter.js";
import { add, f32, f64, get, load, mul, set, store, storeLanes, type Expr } from "../wat.js";

/**
 * Layers that move or mask values: dropout and noise (random, per value, from the
 * thread's mulberry32 generator in the loops reference's order, so one thread draws the
 * reference's masks), and zero padding.
 */

function rateOf(node: LayerNode): number {
  return typeof node.attrs.rate === "number" ? node.attrs.rate : 0.5;
}

/** For every value of every sample, in order: `body(address)` with the value's byte address relative to the record. */
function eachValue(ctx: WasmEmitContext, floats: number, body: (at: Expr) => string): string {
  const q = ctx.fn.fresh("value", "i32");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(q, 0, floats * 4, body(add(record, get(q))), 4),
  );
}

/**
 * Inverted dropout: while training each value is kept with probability 1 − rate and
 * scaled by 1/(1 − rate); evaluation is the identity. The mask is kept for the backward pass.
 */
export const dropoutWasm: WasmLayerEmitter = {
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

/** Noise injection: while training y = x + std·N(0, 1) per value (Box–Muller); its gradient is the identity. */
export const noiseWasm: WasmLayerEmitter = {
  forward(node, ctx) {
    const size = product(node.outputShape);
    const std = typeof node.attrs.std === "number" ? node.attrs.std : 0;
    ctx.fn.local("radius", "f64");
    const train = eachValue(
      ctx,
      size,
      (
        at,
      ) => `${set("radius", `(f64.sqrt (f64.mul (f64.const -2) (call $math_log (f64.sub (f64.const 1) ${ctx.random()}))))`)}
      ${store(
        "f32",
        at,
        ctx.output(),
        `(f32.demote_f64 (f64.add (f64.promote_f32 ${load("f32", at, ctx.input())})
          (f64.mul (f64.mul ${f64(std)} ${get("radius")}) (call $math_cos (f64.mul ${f64(2 * Math.PI)} ${ctx.random()})))))`,
      )}`,
    );
    return `(if ${ctx.training}
      (then ${train})
      (else ${copyRecordTensor(ctx, size, ctx.input(), ctx.output(), false)}))`;
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    return copyRecordTensor(
      ctx,
      product(node.outputShape),
      ctx.outputGrad(),
      dx,
      ctx.accumulatesInputGrad(),
    );
  },
};

/** zeropad2d: `padding` is [top, bottom, left, right]; rows are copied into the zeroed output (and back). */
function padRows(
  node: LayerNode,
  ctx: WasmEmitContext,
  body: (from: Expr, to: Expr) => string,
): string {
  const [channels, inH, inW] = node.inputShapes[0]! as [number, number, number];
  const [, outH, outW] = node.outputShape as [number, number, number];
  const padding = node.attrs.padding as readonly number[];
  const top = padding[0]!;
  const plane = ctx.fn.fresh("pad_plane", "i32");
  const h = ctx.fn.fresh("pad_row", "i32");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      plane,
      0,
      channels,
      ctx.fn.forLoop(
        h,
        0,
        inH,
        body(
          add(record, add(mul(get(plane), inH * inW * 4), mul(get(h), inW * 4))),
          add(record, add(mul(get(plane), outH * outW * 4), mul(add(get(h), top), outW * 4))),
        ),
      ),
    ),
  );
}

/** Copies `count` floats from `from`+a to `to`+b (whole vectors, exact lanes at the end). */
function rowCopy(
  count: number,
  from: Expr,
  fromOffset: number,
  to: Expr,
  toOffset: number,
  accumulate: boolean,
): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i += 4) {
    const lanes = Math.min(4, count - i);
    const value = load("v128", from, fromOffset + 4 * i);
    parts.push(
      storeLanes(
        to,
        toOffset + 4 * i,
        accumulate ? `(f32x4.add ${load("v128", to, toOffset + 4 * i)} ${value})` : value,
        lanes,
      ),
    );
  }
  return parts.join("\n");
}

export const zeroPadWasm: WasmLayerEmitter = {
  forward(node, ctx) {
    const inW = node.inputShapes[0]![2]!;
    const left = (node.attrs.padding as readonly number[])[2]!;
    return `${zeroRecordTensor(ctx, product(node.outputShape), ctx.output())}
      ${padRows(node, ctx, (from, to) => rowCopy(inW, from, ctx.input(), to, ctx.output() + 4 * left, false))}`;
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    const inW = node.inputShapes[0]![2]!;
    const left = (node.attrs.padding as readonly number[])[2]!;
    return padRows(node, ctx, (from, to) =>
      rowCopy(inW, to, ctx.outputGrad() + 4 * left, from, dx, ctx.accumulatesInputGrad()),
    );
  },
};
