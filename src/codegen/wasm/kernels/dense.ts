import { gemmDot, gemmOuter, packABytes, packBytes } from "./gemm.js";
import { eachRecord, exactVectors } from "./records.js";
import {
  sparseGradientBytes,
  sparseWeightGradient,
  worthSparseGradient,
} from "./sparse-gradient.js";
import type { WasmEmitContext } from "../layer-emitter.js";
import { add, get, load, set, storeLanes, zeroV128 } from "../wat.js";

/**
 * Fully connected layer, y = W·x + b with W stored [out, in] (PyTorch's layout), over the
 * whole batch at once. Sample rows are `recordBytes` apart, which the products take as
 * their row stride:
 *
 *   y[s, o]  = b[o] + Σ_i x[s, i]·W[o, i]     dot products along i (rows of x and of W)
 *   dW[o, i] = Σ_s dy[s, o]·x[s, i]           outer products along i, from copies of dy
 *                                             and x in panels (gemm.ts, packA and pack);
 *                                             or, when most of dy is 0 (behind a ReLU),
 *                                             over lists of its nonzero terms
 *                                             (sparse-gradient.ts)
 *   dx[s, i] = Σ_o dy[s, o]·W[o, i]           outer products along i
 *   db[o]    = Σ_s dy[s, o]
 *
 * `denseForward`/`denseBackward` take the record offsets explicitly, so maxout (one dense
 * product of all its pieces) reuses them.
 */
export interface DenseIo {
  inputs: number;
  outputs: number;
  /** Record offsets of x and y (or dy). */
  x: number;
  y: number;
  weight: number;
  bias?: number;
}

export function denseForward(ctx: WasmEmitContext, io: DenseIo): string {
  return gemmDot({
    fn: ctx.fn,
    M: ctx.n,
    N: io.outputs,
    K: io.inputs,
    A: { base: ctx.records, offset: io.x, row: ctx.recordBytes, col: 4 },
    B: { base: "(i32.const 0)", offset: io.weight, row: io.inputs * 4, col: 4 },
    C: { base: ctx.records, offset: io.y, row: ctx.recordBytes, col: 4 },
    op: "=",
    relaxed: ctx.relaxed,
    ...(io.bias !== undefined ? { bias: io.bias } : {}),
  });
}

/**
 * The most transient memory a dense layer's packed dy (and panel of x) may take: dy's copy
 * is as large as dy, worth it while small next to the records; beyond, both are read in place.
 */
const PACK_LIMIT = 8 * 2 ** 20;

/** Gradients from dy at record offset `io.y`: db and dW (offsets from the gradient arena) and dx (record offset), each when given. */
export function denseBackward(
  ctx: WasmEmitContext,
  io: DenseIo,
  grads: { dw?: number; db?: number; dx?: number; accumulate: boolean },
): string {
  const parts: string[] = [];
  if (grads.db !== undefined) {
    const db = grads.db;
    // one vector of db at a time, summed over the batch in a register
    const sum = ctx.fn.fresh("sum", "v128");
    parts.push(
      exactVectors(
        ctx,
        "(i32.const 0)",
        io.outputs,
        (q, lanes) => `
        ${set(sum, zeroV128)}
        ${eachRecord(ctx, (record) => set(sum, `(f32x4.add ${get(sum)} ${load("v128", add(record, q), io.y)})`))}
        ${storeLanes(add(ctx.grads, q), db, get(sum), lanes)}`,
      ),
    );
  }
  if (grads.dw !== undefined) {
    // dy and x are batch-strided (a record per step of the sum): the product reads dy from
    // micro-panels and x from packed panels, both in one transient buffer
    const dyBytes = packABytes(io.outputs, io.inputs, ctx.maxBatch, ctx.relaxed);
    const xBytes = packBytes(io.outputs, io.inputs, ctx.maxBatch, ctx.relaxed);
    const buffer = dyBytes + xBytes <= PACK_LIMIT ? ctx.transient(dyBytes + xBytes) : undefined;
    const dense = gemmOuter({
      fn: ctx.fn,
      M: io.outputs,
      N: io.inputs,
      K: ctx.n,
      A: { base: ctx.records, offset: io.y, row: 4, col: ctx.recordBytes },
      B: { base: ctx.records, offset: io.x, row: ctx.recordBytes, col: 4 },
      C: { base: ctx.grads, offset: grads.dw, row: io.inputs * 4, col: 4 },
      op: "=",
      relaxed: ctx.relaxed,
      ...(buffer !== undefined
        ? {
            packA: { at: add(ctx.thread, buffer), capacity: ctx.maxBatch },
            pack: add(ctx.thread, buffer + dyBytes),
          }
        : {}),
    });
    // the same product from dy's nonzero terms only, when there are few enough of them
    const listBytes = sparseGradientBytes(io.outputs, ctx.maxBatch, ctx.relaxed);
    parts.push(
      worthSparseGradient(io.inputs, ctx.relaxed) && listBytes <= PACK_LIMIT
        ? sparseWeightGradient({
            ctx,
            outputs: io.outputs,
            inputs: io.inputs,
            x: io.x,
            dy: io.y,
            dw: grads.dw,
            buffer: ctx.transient(listBytes),
            dense,
          })
        : dense,
    );
  }
  if (grads.dx !== undefined) {
    parts.push(
      gemmOuter({
        fn: ctx.fn,
        M: ctx.n,
        N: io.inputs,
        K: io.outputs,
        A: { base: ctx.records, offset: io.y, row: ctx.recordBytes, col: 4 },
        B: { base: "(i32.const 0)", offset: io.weight, row: io.inputs * 4, col: 4 },
        C: { base: ctx.records, offset: grads.dx, row: ctx.recordBytes, col: 4 },
        op: grads.accumulate ? "+=" : "=",
        relaxed: ctx.relaxed,
      }),
    );
  }
  return parts.join("\n");
}
