import type { WasmEmitContext } from "../layer-emitter.js";
import {
  add,
  get,
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
 * Loops over the samples' records, the shape of most per-sample work. Every tensor in a
 * record starts on a 16-byte boundary and is padded to one, so an element-wise pass may
 * run whole vectors over a tensor, the last one into its padding: nothing else lives
 * there.
 */

/** `for (s = 0; s < n; s++) { p = records + s·recordBytes; body }` with `p` the record's address. */
export function eachRecord(ctx: WasmEmitContext, body: (p: Expr) => string, name = "s"): string {
  const s = ctx.fn.local(name, "i32");
  const p = ctx.fn.local(`${name}_p`, "i32");
  return ctx.fn.forLoop(
    s,
    0,
    ctx.n,
    `${set(p, add(ctx.records, mul(get(s), ctx.recordBytes)))}
     ${body(get(p))}`,
  );
}

/**
 * For every sample and every 4-float vector of a per-sample tensor of `floats` values:
 * `body(q)` with `q` the record's address plus the vector's byte offset, to be used with
 * each operand's record offset as the load/store immediate.
 */
export function eachRecordVector(
  ctx: WasmEmitContext,
  floats: number,
  body: (q: Expr) => string,
): string {
  const q = ctx.fn.fresh("q", "i32");
  const end = ctx.fn.fresh("q_end", "i32");
  const vectors = Math.ceil(floats / 4);
  return eachRecord(
    ctx,
    (p) => `${set(q, p)}
      ${set(end, add(p, vectors * 16))}
      ${ctx.fn.pointerLoop(q, end, 16, body(get(q)))}`,
  );
}

/** Vector copy of `floats` values from `from` to `to` (record offsets of one sample), or add when `accumulate`. */
export function copyRecordTensor(
  ctx: WasmEmitContext,
  floats: number,
  from: number,
  to: number,
  accumulate: boolean,
): string {
  return eachRecordVector(ctx, floats, (q) => {
    const value = load("v128", q, from);
    return store("v128", q, to, accumulate ? `(f32x4.add ${load("v128", q, to)} ${value})` : value);
  });
}

/** Sets `floats` values at record offset `at` of every sample to zero. */
export function zeroRecordTensor(ctx: WasmEmitContext, floats: number, at: number): string {
  return eachRecordVector(ctx, floats, (q) => store("v128", q, at, zeroV128));
}

/**
 * A loop over `floats` contiguous values from address `base` (+ constant offsets),
 * `count` floats exactly: whole vectors, then the last 1–3 lanes with lane loads and
 * stores, for arrays that are not padded (the parameter and gradient arenas).
 * `body(q, lanes)` gets the vector's address and how many lanes are valid (4 or fewer).
 */
export function exactVectors(
  ctx: WasmEmitContext,
  base: Expr,
  floats: number,
  body: (q: Expr, lanes: number) => string,
): string {
  const q = ctx.fn.fresh("v", "i32");
  const end = ctx.fn.fresh("v_end", "i32");
  const whole = Math.floor(floats / 4);
  const lanes = floats % 4;
  const parts = [set(q, base)];
  if (whole > 0) {
    parts.push(set(end, add(get(q), whole * 16)));
    parts.push(ctx.fn.pointerLoop(q, end, 16, body(get(q), 4)));
  }
  if (lanes > 0) parts.push(body(get(q), lanes));
  return parts.join("\n");
}

/** An exact-length vector load (lanes < 4: the rest are zero). */
export function loadExact(q: Expr, offset: number, lanes: number): Expr {
  return lanes === 4 ? load("v128", q, offset) : loadLanes(q, offset, lanes);
}

/** An exact-length vector store. */
export function storeExact(q: Expr, offset: number, value: Expr, lanes: number): string {
  return storeLanes(q, offset, value, lanes);
}

/** Zero `bytes` (a multiple of 4) at address `base` (+ offset), exactly. */
export function zeroBytes(ctx: WasmEmitContext, base: Expr, offset: number, bytes: number): string {
  return exactVectors(ctx, add(base, offset), bytes / 4, (q, lanes) =>
    storeLanes(q, 0, zeroV128, lanes),
  );
}

/** For every value of every sample, in order: `body(address)` with the value's byte address relative to the record. */
export function eachValue(
  ctx: WasmEmitContext,
  floats: number,
  body: (at: Expr) => string,
): string {
  const q = ctx.fn.fresh("value", "i32");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(q, 0, floats * 4, body(add(record, get(q))), 4),
  );
}
