import { madd } from "./gemm.js";
import { eachRecord, zeroBytes } from "./records.js";
import type { WasmEmitContext } from "../layer-emitter.js";
import { add, get, i32, load, mul, set, splatLoad, store, storeLanes, zeroV128 } from "../wat.js";

/**
 * The weight gradient of a dense layer when much of its output gradient is exactly zero:
 *
 *   dW[o, i] = Σ_s dy[s, o]·x[s, i] = Σ_{s : dy[s, o] ≠ 0} dy[s, o]·x[s, i]
 *
 * Behind a ReLU, dy[s, o] is 0 wherever the unit was off (about half the time), behind
 * dropout wherever it was dropped; the dense product spends that share of its
 * multiply-adds on zeros. Here they are skipped:
 *
 * 1. One pass over dy, sample by sample, appends each (sample, dy[s, o]) to output o's
 *    list when dy[s, o] ≠ 0. The lists are per-thread transient memory: o's list holds
 *    up to `capacity` entries of 8 bytes (the address of the sample's row in the panel of x,
 *    and the value), in sample order.
 * 2. If more than `DENSE_SHARE` of dy is nonzero, the lists would save too little: the
 *    dense product runs instead.
 * 3. Otherwise, for each panel of `panelVectors` vectors of x's columns: the panel is
 *    copied into contiguous rows (one per sample: 7 KB at batch 64, in the L1 cache while
 *    every output passes over it; rows read in place, a record apart, would fall on a few
 *    cache sets), then each output o sums its listed samples' rows into one vector
 *    accumulator per column vector.
 *
 * The left-out terms are exact zeros, and dy[s, o]·x[s, i] = ±0 added to an accumulator
 * that starts at +0 leaves it unchanged; the rest are added in the dense product's order,
 * with the same multiply-add. So dW is bit for bit the dense product's whenever x is finite
 * (an infinite or NaN input has already made the forward pass's output NaN).
 */
export interface SparseWeightGradientSpec {
  ctx: WasmEmitContext;
  /** Rows of dW (the layer's outputs) and columns (its inputs). */
  outputs: number;
  inputs: number;
  /** Record offsets of x and dy. */
  x: number;
  dy: number;
  /** Offset of dW from the gradient arena. */
  dw: number;
  /** Offset from `ctx.thread` of a transient buffer of `sparseGradientBytes` bytes. */
  buffer: number;
  /** The dense product of the same gradient: runs for batches above the capacity or with too few zeros. */
  dense: string;
}

/**
 * Above this share of nonzero dy the dense product is faster. Measured on the MLP
 * 784-500-10 (dW 500 × 784 over 64 samples, relaxed build, the lists' path forced): it took
 * 0.91 ms with half of dy nonzero and 1.64 ms with all of it (tanh), the dense product
 * 1.23 ms; one row at a time reuses no loaded vector, so a term costs more than in the
 * dense tiles, and the lists break even at about 70%.
 */
export const DENSE_SHARE = { nonzero: 7, of: 10 };

/**
 * Column vectors per panel: one accumulator and one loaded vector each, plus the broadcast
 * dy, fill V8's 15 vector registers (it loads a step's operands before its multiply-adds);
 * separate multiply and add need one more register for the product.
 */
function panelVectors(relaxed: boolean): number {
  return relaxed ? 7 : 6;
}

/** Bytes of the transient buffer: counts, lists, and one panel of x, for `capacity` samples. */
export function sparseGradientBytes(outputs: number, capacity: number, relaxed: boolean): number {
  const counts = align16(outputs * 4);
  const lists = outputs * capacity * 8;
  return counts + lists + capacity * panelVectors(relaxed) * 16;
}

/** Whether a dense layer's weight gradient is worth the lists' pass: enough columns to fill panels. */
export function worthSparseGradient(inputs: number, relaxed: boolean): boolean {
  return inputs >= 2 * 4 * panelVectors(relaxed);
}

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

export function sparseWeightGradient(spec: SparseWeightGradientSpec): string {
  const { ctx, outputs, inputs } = spec;
  const { fn, relaxed } = ctx;
  const capacity = ctx.maxBatch;
  const PV = panelVectors(relaxed);
  const rowBytes = PV * 16;
  const countsAt = spec.buffer;
  const listsAt = countsAt + align16(outputs * 4);
  const panelAt = listsAt + outputs * capacity * 8;

  const tag = fn.fresh("sg", "i32");
  const sparse = fn.local(`${tag}_sparse`, "i32");
  const nonzero = fn.local(`${tag}_nonzero`, "i32");
  const row = fn.local(`${tag}_row`, "i32");
  const o = fn.local(`${tag}_o`, "i32");
  const count = fn.local(`${tag}_count`, "i32");
  const value = fn.local(`${tag}_value`, "f32");
  const isNonzero = fn.local(`${tag}_nz`, "i32");
  const entry = fn.local(`${tag}_entry`, "i32");
  const j = fn.local(`${tag}_j`, "i32");
  const q = fn.local(`${tag}_q`, "i32");
  const qEnd = fn.local(`${tag}_qend`, "i32");
  const from = fn.local(`${tag}_from`, "i32");
  const to = fn.local(`${tag}_to`, "i32");
  const xRow = fn.local(`${tag}_x`, "i32");
  const pc = fn.local(`${tag}_pc`, "i32");
  const a = fn.local("ga", "v128");
  const acc = (k: number) => fn.local(`acc0_${k}`, "v128");
  const counts = add(ctx.thread, countsAt);
  // o counts bytes (4 per output): o's count is at counts + o, its list 2·capacity·o bytes into the lists

  // 1. the lists: every sample's entry is written at its output's count, which grows only when dy ≠ 0
  const appendAll = fn.forLoop(
    o,
    0,
    outputs * 4,
    `${set(value, `(f32.load offset=${spec.dy} (i32.add ${get(from)} ${get(o)}))`)}
    ${set(count, load("i32", add(get(to), get(o))))}
    ${set(entry, add(add(add(ctx.thread, listsAt), mul(get(o), 2 * capacity)), mul(get(count), 8)))}
    ${store("i32", get(entry), 0, get(row))}
    ${store("f32", get(entry), 4, get(value))}
    ${set(isNonzero, `(f32.ne ${get(value)} (f32.const 0))`)}
    ${store("i32", add(get(to), get(o)), 0, add(get(count), get(isNonzero)))}
    ${set(nonzero, add(get(nonzero), get(isNonzero)))}`,
    4,
  );
  const build = `${zeroBytes(ctx, ctx.thread, countsAt, outputs * 4)}
    ${set(nonzero, i32(0))}
    ${set(to, counts)}
    ${eachRecord(
      ctx,
      (record) => `${set(from, record)}
        ${set(row, add(add(ctx.thread, panelAt), mul(get(`${tag}_s`), rowBytes)))}
        ${appendAll}`,
      `${tag}_s`,
    )}
    ${set(
      // 2. the lists or the dense product
      sparse,
      `(i64.le_u
        (i64.mul (i64.extend_i32_u ${get(nonzero)}) (i64.const ${DENSE_SHARE.of}))
        (i64.mul (i64.extend_i32_u ${ctx.n}) (i64.const ${outputs * DENSE_SHARE.nonzero})))`,
    )}`;

  // 3. one panel of `vectors` column vectors at byte column j (the last holds `lanes` floats)
  const panel = (vectors: number, lanes: number) => {
    const copy = Array.from({ length: vectors }, (_, k) =>
      store("v128", get(to), 16 * k, load("v128", get(from), spec.x + 16 * k)),
    );
    const pack = `${set(to, add(ctx.thread, panelAt))}
      ${eachRecord(
        ctx,
        (record) => `${set(from, add(record, get(j)))}
        ${copy.join("\n")}
        ${set(to, add(get(to), rowBytes))}`,
        `${tag}_s`,
      )}`;
    const accumulate = Array.from({ length: vectors }, (_, k) =>
      set(acc(k), madd(get(a), load("v128", get(xRow), 16 * k), get(acc(k)), relaxed)),
    );
    const empty = fn.label(`${tag}_empty`);
    const oneRow = `${Array.from({ length: vectors }, (_, k) => set(acc(k), zeroV128)).join("\n")}
      ${set(q, add(add(ctx.thread, listsAt), mul(get(o), 2 * capacity)))}
      ${set(qEnd, add(get(q), mul(load("i32", add(counts, get(o))), 8)))}
      (block $${empty}
        (br_if $${empty} (i32.eq ${get(q)} ${get(qEnd)}))
        ${fn.pointerLoop(
          q,
          qEnd,
          8,
          `${set(xRow, load("i32", get(q)))}
          ${set(a, splatLoad(get(q), 4))}
          ${accumulate.join("\n")}`,
        )})
      ${set(pc, add(add(ctx.grads, mul(get(o), inputs)), get(j)))}
      ${Array.from({ length: vectors }, (_, k) =>
        storeLanes(get(pc), spec.dw + 16 * k, get(acc(k)), k === vectors - 1 ? lanes : 4),
      ).join("\n")}`;
    return `${pack}
      ${fn.forLoop(o, 0, outputs * 4, oneRow, 4)}`;
  };
  const whole = Math.floor(inputs / (4 * PV));
  const rest = inputs - whole * 4 * PV;
  const products: string[] = [];
  if (whole > 0) products.push(fn.forLoop(j, 0, whole * rowBytes, panel(PV, 4), rowBytes));
  if (rest > 0)
    products.push(
      `${set(j, i32(whole * rowBytes))}\n${panel(Math.ceil(rest / 4), rest % 4 === 0 ? 4 : rest % 4)}`,
    );

  return `;; dW from the nonzero terms of dy when they are few enough (sparse-gradient.ts)
    ${set(sparse, i32(0))}
    (if (i32.le_u ${ctx.n} ${i32(capacity)}) (then ${build}))
    (if ${get(sparse)}
      (then ${products.join("\n")})
      (else ${spec.dense}))`;
}
