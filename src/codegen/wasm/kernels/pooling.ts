import type { LayerNode } from "../../../ir/ir.js";
import { product, window2d, type Window2d } from "../geometry.js";
import { eachRecord, zeroRecordTensor } from "./records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../layer-emitter.js";
import { add, f32, f32x4, get, i32, load, mul, set, store, storeLanes, type Expr } from "../wat.js";

/**
 * Max and average pooling (1-D as height 1) and global average pooling, as the loops
 * reference computes them: max pooling keeps the winning input of each window (its byte
 * offset in the sample's input) for the backward pass, ties to the first in scan order;
 * average pooling divides by the window's area, padding included (PyTorch's
 * count_include_pad). The window's taps are unrolled; positions are loops.
 */

function padded(p: Window2d): boolean {
  return (
    p.padTop > 0 ||
    p.padLeft > 0 ||
    (p.outH - 1) * p.strideH + (p.kH - 1) * p.dilationH - p.padTop > p.inH - 1 ||
    (p.outW - 1) * p.strideW + (p.kW - 1) * p.dilationW - p.padLeft > p.inW - 1
  );
}

/**
 * For every sample, channel and output position: `tap(address, inside)` per kernel tap,
 * with `inside` an i32 condition (or undefined when the window cannot leave the input),
 * then `finish(outputIndexBytes)`. `xs` holds the address of the sample's input tensor.
 */
export function windowLoops(
  ctx: WasmEmitContext,
  p: Window2d,
  channels: number,
  xOffset: number,
  body: {
    /** Before the taps; `out` is the byte offset of the output value in its tensor, `channel` its channel. */
    init: (record: Expr, out: Expr, channel: Expr) => string;
    tap: (address: Expr, inside: Expr | undefined) => string;
    finish: (record: Expr, out: Expr, channel: Expr) => string;
  },
): string {
  const fn = ctx.fn;
  const c = fn.fresh("c", "i32");
  const oh = fn.fresh("oh", "i32");
  const ow = fn.fresh("ow", "i32");
  const xs = fn.local("xs", "i32");
  const window = fn.fresh("win", "i32");
  const out = fn.fresh("out", "i32");
  const isPadded = padded(p);
  const taps: string[] = [];
  for (let kh = 0; kh < p.kH; kh++) {
    for (let kw = 0; kw < p.kW; kw++) {
      const delta = (kh * p.dilationH * p.inW + kw * p.dilationW) * 4;
      const address = add(get(window), delta);
      let inside: Expr | undefined;
      if (isPadded) {
        const ih = add(mul(get(oh), p.strideH), kh * p.dilationH - p.padTop);
        const iw = add(mul(get(ow), p.strideW), kw * p.dilationW - p.padLeft);
        inside = `(i32.and
          (i32.and (i32.ge_s ${ih} (i32.const 0)) (i32.lt_s ${ih} ${i32(p.inH)}))
          (i32.and (i32.ge_s ${iw} (i32.const 0)) (i32.lt_s ${iw} ${i32(p.inW)})))`;
      }
      taps.push(body.tap(address, inside));
    }
  }
  // window: address of tap (0, 0) = xs + c·plane + ((oh·S − P)·inW + ow·S − P)·4, possibly
  // before the plane when padded (taps outside the input are skipped, never loaded)
  return eachRecord(
    ctx,
    (record) =>
      `${set(xs, add(record, xOffset))}
    ${set(out, i32(0))}
    ${fn.forLoop(
      c,
      0,
      channels,
      fn.forLoop(
        oh,
        0,
        p.outH,
        fn.forLoop(
          ow,
          0,
          p.outW,
          `${set(
            window,
            add(
              add(get(xs), mul(get(c), p.inH * p.inW * 4)),
              add(
                mul(get(oh), p.strideH * p.inW * 4),
                add(mul(get(ow), p.strideW * 4), -(p.padTop * p.inW + p.padLeft) * 4),
              ),
            ),
          )}
          ${body.init(record, get(out), get(c))}
          ${taps.join("\n")}
          ${body.finish(record, get(out), get(c))}
          ${set(out, add(get(out), 4))}`,
        ),
      ),
    )}`,
  );
}

/**
 * The unpadded case four outputs at a time: for each channel and output row, vectors of
 * four neighbouring outputs; each kernel tap contributes the four inputs at stride S
 * (one load for S = 1, two loads and a shuffle for S = 2, four lanes otherwise). `tap`
 * combines the tap's vector `v` with the running result; `finish` stores it (exact lanes
 * at the row's end). `index(tapOffset)` is the i32x4 of the four inputs' byte offsets in
 * the sample's input tensor.
 */
function vectorWindows(
  ctx: WasmEmitContext,
  p: Window2d,
  body: {
    init: (v: Expr, index: Expr) => string;
    tap: (v: Expr, index: Expr) => string;
    finish: (record: Expr, outBytes: Expr, lanes: number) => string;
  },
): string {
  const fn = ctx.fn;
  const c = fn.fresh("c", "i32");
  const oh = fn.fresh("oh", "i32");
  const row = fn.local("pool_row", "i32");
  const rowOffset = fn.local("pool_row_offset", "i32");
  const out = fn.local("pool_out", "i32");
  const whole = Math.floor(p.outW / 4);
  const rest = p.outW % 4;
  const S = p.strideW;
  const tapVector = (at: Expr, offset: number): Expr => {
    if (S === 1) return load("v128", at, offset);
    if (S === 2)
      return `(i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 ${load("v128", at, offset)} ${load("v128", at, offset + 16)})`;
    let v = `(f32x4.splat ${load("f32", at, offset)})`;
    for (let l = 1; l < 4; l++)
      v = `(f32x4.replace_lane ${l} ${v} ${load("f32", at, offset + 4 * l * S)})`;
    return v;
  };
  /** The vector of outputs ow0 … ow0 + 3 (ow0 a constant). */
  const block = (record: Expr, ow0: number, lanes: number) => {
    const lines: string[] = [];
    let first = true;
    for (let kh = 0; kh < p.kH; kh++) {
      for (let kw = 0; kw < p.kW; kw++) {
        const offset = (kh * p.dilationH * p.inW + ow0 * S + kw * p.dilationW) * 4;
        const index = `(i32x4.add (i32x4.splat (i32.add ${get(rowOffset)} ${i32(offset)})) (v128.const i32x4 0 ${4 * S} ${8 * S} ${12 * S}))`;
        const v = tapVector(get(row), offset);
        lines.push(first ? body.init(v, index) : body.tap(v, index));
        first = false;
      }
    }
    lines.push(body.finish(record, add(get(out), ow0 * 4), lanes));
    return lines.join("\n");
  };
  return eachRecord(ctx, (record) =>
    fn.forLoop(
      c,
      0,
      p.channelsIn,
      fn.forLoop(
        oh,
        0,
        p.outH,
        `;; the window row's first input, as an offset in the sample's input and as an address
        ${set(rowOffset, add(mul(get(c), p.inH * p.inW * 4), mul(get(oh), p.strideH * p.inW * 4)))}
        ${set(row, add(add(record, ctx.input()), get(rowOffset)))}
        ${set(out, add(mul(get(c), p.outH * p.outW * 4), mul(get(oh), p.outW * 4)))}
        ${Array.from({ length: whole }, (_, k) => block(record, 4 * k, 4)).join("\n")}
        ${rest > 0 ? block(record, 4 * whole, rest) : ""}`,
      ),
    ),
  );
}

function maxForward(node: LayerNode, ctx: WasmEmitContext): string {
  const p = window2d(node);
  if (!padded(p) && p.outW <= 64) {
    const outFloats = product(node.outputShape);
    const argmax = ctx.scratch("argmax", outFloats * 4, { perSample: true });
    for (const l of ["best4", "at4", "more"]) ctx.fn.local(l, "v128");
    // the first strictly larger input wins: ties go to the earlier tap, as in the reference
    return vectorWindows(ctx, p, {
      init: (v, index) => `${set("best4", v)} ${set("at4", index)}`,
      tap: (v, index) => `${set("more", `(f32x4.gt ${v} ${get("best4")})`)}
        ${set("best4", `(v128.bitselect ${v} ${get("best4")} ${get("more")})`)}
        ${set("at4", `(v128.bitselect ${index} ${get("at4")} ${get("more")})`)}`,
      finish: (
        record,
        outBytes,
        lanes,
      ) => `${storeLanes(add(record, outBytes), ctx.output(), get("best4"), lanes)}
        ${storeLanes(add(record, outBytes), argmax, get("at4"), lanes)}`,
    });
  }
  const outFloats = product(node.outputShape);
  const argmax = ctx.scratch("argmax", outFloats * 4, { perSample: true });
  const best = ctx.fn.local("best", "f32");
  const bestAt = ctx.fn.local("best_at", "i32");
  const v = ctx.fn.local("v", "f32");
  return windowLoops(ctx, p, p.channelsIn, ctx.input(), {
    init: () => `${set(best, f32(-Infinity))} ${set(bestAt, i32(-1))}`,
    tap: (address, inside) => {
      const visit = `${set(v, load("f32", address))}
        (if (f32.gt ${get(v)} ${get(best)})
          (then ${set(best, get(v))} ${set(bestAt, `(i32.sub ${address} ${get("xs")})`)}))`;
      return inside === undefined ? visit : `(if ${inside} (then ${visit}))`;
    },
    finish: (record, out) => `${store("f32", add(record, out), ctx.output(), get(best))}
      ${store("i32", add(record, out), argmax, get(bestAt))}`,
  });
}

function maxBackward(node: LayerNode, ctx: WasmEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const outFloats = product(node.outputShape);
  const argmax = ctx.scratch("argmax", outFloats * 4, { perSample: true });
  const o = ctx.fn.fresh("o", "i32");
  const target = ctx.fn.local("target", "i32");
  const parts: string[] = [];
  if (!ctx.accumulatesInputGrad())
    parts.push(zeroRecordTensor(ctx, product(node.inputShapes[0]!), dx));
  // overlapping windows can pick the same input twice, so gradients are added
  parts.push(
    eachRecord(ctx, (record) =>
      ctx.fn.forLoop(
        o,
        0,
        outFloats * 4,
        `${set(target, add(add(record, `(i32.load offset=${argmax} ${add(record, get(o))})`), dx))}
         ${store(
           "f32",
           get(target),
           0,
           `(f32.add ${load("f32", get(target))} ${load("f32", add(record, get(o)), ctx.outputGrad())})`,
         )}`,
        4,
      ),
    ),
  );
  return parts.join("\n");
}

function averageForward(node: LayerNode, ctx: WasmEmitContext): string {
  const p = window2d(node);
  if (!padded(p) && p.outW <= 64) {
    ctx.fn.local("sum4", "v128");
    return vectorWindows(ctx, p, {
      init: (v) => set("sum4", v),
      tap: (v) => set("sum4", `(f32x4.add ${get("sum4")} ${v})`),
      finish: (record, outBytes, lanes) =>
        storeLanes(
          add(record, outBytes),
          ctx.output(),
          `(f32x4.mul ${get("sum4")} ${f32x4(1 / (p.kH * p.kW))})`,
          lanes,
        ),
    });
  }
  const sum = ctx.fn.local("sum_f", "f32");
  return windowLoops(ctx, p, p.channelsIn, ctx.input(), {
    init: () => set(sum, f32(0)),
    tap: (address, inside) => {
      const visit = set(sum, `(f32.add ${get(sum)} ${load("f32", address)})`);
      return inside === undefined ? visit : `(if ${inside} (then ${visit}))`;
    },
    finish: (record, out) =>
      store(
        "f32",
        add(record, out),
        ctx.output(),
        `(f32.mul ${get(sum)} ${f32(1 / (p.kH * p.kW))})`,
      ),
  });
}

function averageBackward(node: LayerNode, ctx: WasmEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const p = window2d(node);
  const share = ctx.fn.local("share", "f32");
  const parts: string[] = [];
  if (!ctx.accumulatesInputGrad())
    parts.push(zeroRecordTensor(ctx, product(node.inputShapes[0]!), dx));
  // the taps' addresses are in the input; the gradient is at the same place relative to dx
  const toGradient = (address: Expr) => add(address, dx - ctx.input());
  parts.push(
    windowLoops(ctx, p, p.channelsIn, ctx.input(), {
      init: (record, out) =>
        set(
          share,
          `(f32.mul ${load("f32", add(record, out), ctx.outputGrad())} ${f32(1 / (p.kH * p.kW))})`,
        ),
      tap: (address, inside) => {
        const target = toGradient(address);
        const visit = store("f32", target, 0, `(f32.add ${load("f32", target)} ${get(share)})`);
        return inside === undefined ? visit : `(if ${inside} (then ${visit}))`;
      },
      finish: () => "",
    }),
  );
  return parts.join("\n");
}

/** Max pooling (maxpool1d, maxpool2d). */
export const maxPoolWasm: WasmLayerEmitter = { forward: maxForward, backward: maxBackward };
/** Average pooling (avgpool1d, avgpool2d). */
export const avgPoolWasm: WasmLayerEmitter = { forward: averageForward, backward: averageBackward };
