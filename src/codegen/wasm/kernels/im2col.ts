import type { Window2d } from "../geometry.js";
import type { WasmEmitContext } from "../layer-emitter.js";
import {
  add,
  f32,
  get,
  load,
  loadLanes,
  set,
  store,
  storeLanes,
  zeroV128,
  type Expr,
} from "../wat.js";

/**
 * im2col and col2im with the window geometry unrolled: for each kernel tap (kh, kw)
 * the output positions whose input falls inside the image are a constant rectangle, so
 * the copies are straight runs (whole vectors when the stride is 1) and the padding is
 * a few constant runs of zeros. Input channels stay a loop.
 *
 *   col[k, p] = x[ci, oh·S − P + kh·D, ow·S − P + kw·D]   (0 in the padding)
 *   k = (ci·kH + kh)·kW + kw,  p = oh·outW + ow;  col is [patch, positions], row-major
 */

export interface ColumnGeometry extends Window2d {
  /** Input channels the columns cover (one group's). */
  channels: number;
  positions: number;
}

/** Output positions [start, end) along one axis whose input is inside [0, size) for tap k. */
export function validRange(
  size: number,
  out: number,
  k: number,
  stride: number,
  dilation: number,
  pad: number,
): { start: number; end: number } {
  let start = 0;
  while (start < out && start * stride - pad + k * dilation < 0) start++;
  let end = out;
  while (end > start && (end - 1) * stride - pad + k * dilation > size - 1) end--;
  return { start, end };
}

/**
 * A run of `count` floats as vectors: `emit(extra, offset, lanes)` writes one vector at
 * byte `offset` (+ the loop's `extra` bytes when the run is long enough to loop). With
 * `overlapLast` the last partial vector is a whole one ending at the run's end (for
 * idempotent copies); otherwise it is `lanes` < 4 wide.
 */
function runOfVectors(
  ctx: WasmEmitContext,
  count: number,
  overlapLast: boolean,
  emit: (extra: Expr | undefined, offset: number, lanes: number) => string,
): string {
  if (count <= 0) return "";
  const whole = Math.floor(count / 4);
  const rest = count % 4;
  const tail =
    rest === 0
      ? ""
      : overlapLast && count >= 4
        ? emit(undefined, 4 * (count - 4), 4)
        : emit(undefined, 16 * whole, rest);
  if (whole <= 16) {
    const parts = Array.from({ length: whole }, (_, v) => emit(undefined, 16 * v, 4));
    return [...parts, tail].join("\n");
  }
  const q = ctx.fn.fresh("run", "i32");
  return `${ctx.fn.forLoop(q, 0, whole * 16, emit(get(q), 0, 4), 16)}
    ${tail}`;
}

/** Zero `count` floats at `at` + offset. */
function zeroRun(ctx: WasmEmitContext, at: Expr, offset: number, count: number): string {
  if (count <= 0) return "";
  if (count < 4)
    return Array.from({ length: count }, (_, i) => store("f32", at, offset + 4 * i, f32(0))).join(
      "\n",
    );
  return runOfVectors(ctx, count, true, (extra, o, lanes) =>
    storeLanes(extra === undefined ? at : add(at, extra), offset + o, zeroV128, lanes),
  );
}

/** Per channel: the channel's input plane at `xc`, its block of columns at `cc`. */
function overChannels(
  ctx: WasmEmitContext,
  g: ColumnGeometry,
  x: Expr,
  col: Expr,
  taps: (xc: string, cc: string) => string,
): string {
  const fn = ctx.fn;
  const ci = fn.fresh("ci", "i32");
  const xc = fn.fresh("xc", "i32");
  const cc = fn.fresh("cc", "i32");
  return `${set(xc, x)}
    ${set(cc, col)}
    ${fn.forLoop(
      ci,
      0,
      g.channels,
      `${taps(xc, cc)}
      ${set(xc, add(get(xc), g.inH * g.inW * 4))}
      ${set(cc, add(get(cc), g.kH * g.kW * g.positions * 4))}`,
    )}`;
}

/**
 * One tap (kh, kw) of the window: its row of the columns, the output rows and columns
 * whose input is inside the image (`rows`, `cols`; the rest read padding), and the input
 * position (ih0, iw0) of the first of them.
 */
interface Tap {
  kh: number;
  kw: number;
  /** Byte offset of the tap's row of P positions in the columns. */
  row: number;
  rows: { start: number; end: number };
  cols: { start: number; end: number };
  /** Whether any output position of the tap reads the image. */
  reads: boolean;
  ih0: number;
  iw0: number;
}

function tapsOf(g: ColumnGeometry): Tap[] {
  const taps: Tap[] = [];
  for (let kh = 0; kh < g.kH; kh++) {
    for (let kw = 0; kw < g.kW; kw++) {
      const rows = validRange(g.inH, g.outH, kh, g.strideH, g.dilationH, g.padTop);
      const cols = validRange(g.inW, g.outW, kw, g.strideW, g.dilationW, g.padLeft);
      taps.push({
        kh,
        kw,
        row: (kh * g.kW + kw) * g.positions * 4,
        rows,
        cols,
        reads: rows.end > rows.start && cols.end > cols.start,
        ih0: rows.start * g.strideH - g.padTop + kh * g.dilationH,
        iw0: cols.start * g.strideW - g.padLeft + kw * g.dilationW,
      });
    }
  }
  return taps;
}

/** Fills the columns at `col` from one sample's input channels at `x`. */
export function im2col(ctx: WasmEmitContext, g: ColumnGeometry, x: Expr, col: Expr): string {
  const fn = ctx.fn;
  const src = fn.fresh("src", "i32");
  const dst = fn.fresh("dst", "i32");
  const stop = fn.fresh("stop", "i32");
  const P = g.positions;
  return overChannels(ctx, g, x, col, (xc, cc) =>
    tapsOf(g)
      .map(({ kh, kw, row, rows, cols, reads, ih0, iw0 }) => {
        const lines = [`;; tap (${kh}, ${kw})`];
        if (!reads) {
          lines.push(zeroRun(ctx, get(cc), row, P));
          return lines.join("\n");
        }
        const count = cols.end - cols.start;
        // rows whose input is all padding, above and below
        lines.push(zeroRun(ctx, get(cc), row, rows.start * g.outW));
        lines.push(
          zeroRun(ctx, get(cc), row + rows.end * g.outW * 4, (g.outH - rows.end) * g.outW),
        );
        // `src`: the first input of the row's run; `dst`: the start of the output row
        lines.push(set(src, add(get(xc), (ih0 * g.inW + iw0) * 4)));
        lines.push(set(dst, add(get(cc), row + rows.start * g.outW * 4)));
        lines.push(set(stop, add(get(dst), (rows.end - rows.start) * g.outW * 4)));
        const at = cols.start * 4;
        const copy =
          g.strideW === 1
            ? runOfVectors(ctx, count, true, (extra, o, lanes) =>
                extra === undefined
                  ? storeLanes(get(dst), at + o, load("v128", get(src), o), lanes)
                  : store("v128", add(get(dst), extra), at, load("v128", add(get(src), extra))),
              )
            : Array.from({ length: count }, (_, w) =>
                store("f32", get(dst), at + 4 * w, load("f32", get(src), 4 * w * g.strideW)),
              ).join("\n");
        const padding = [
          ...Array.from({ length: cols.start }, (_, w) => store("f32", get(dst), 4 * w, f32(0))),
          ...Array.from({ length: g.outW - cols.end }, (_, w) =>
            store("f32", get(dst), 4 * (cols.end + w), f32(0)),
          ),
        ];
        lines.push(
          fn.pointerLoop(
            dst,
            stop,
            g.outW * 4,
            `${copy}
            ${padding.join("\n")}
            ${set(src, add(get(src), g.strideH * g.inW * 4))}`,
          ),
        );
        return lines.join("\n");
      })
      .join("\n"),
  );
}

/**
 * col2im: adds each column value back into the input position it was copied from
 * (`dx` must be zeroed or hold other gradients already). Exact lanes at the end of each
 * run: the positions after it belong to other windows.
 */
export function col2im(ctx: WasmEmitContext, g: ColumnGeometry, dx: Expr, col: Expr): string {
  const fn = ctx.fn;
  const src = fn.fresh("src", "i32");
  const dst = fn.fresh("dst", "i32");
  const stop = fn.fresh("stop", "i32");
  return overChannels(ctx, g, dx, col, (xc, cc) =>
    tapsOf(g)
      .filter((tap) => tap.reads)
      .map(({ kh, kw, row, rows, cols, ih0, iw0 }) => {
        const count = cols.end - cols.start;
        // `src` walks the columns, `dst` the input gradient
        const lines = [
          `;; tap (${kh}, ${kw})`,
          set(src, add(get(cc), row + (rows.start * g.outW + cols.start) * 4)),
          set(dst, add(get(xc), (ih0 * g.inW + iw0) * 4)),
          set(stop, add(get(src), (rows.end - rows.start) * g.outW * 4)),
        ];
        const body =
          g.strideW === 1
            ? runOfVectors(ctx, count, false, (extra, o, lanes) => {
                const d = extra === undefined ? get(dst) : add(get(dst), extra);
                const s = extra === undefined ? get(src) : add(get(src), extra);
                const from = lanes === 4 ? load("v128", s, o) : loadLanes(s, o, lanes);
                return storeLanes(d, o, `(f32x4.add ${load("v128", d, o)} ${from})`, lanes);
              })
            : Array.from({ length: count }, (_, w) =>
                store(
                  "f32",
                  get(dst),
                  4 * w * g.strideW,
                  `(f32.add ${load("f32", get(dst), 4 * w * g.strideW)} ${load("f32", get(src), 4 * w)})`,
                ),
              ).join("\n");
        lines.push(
          fn.pointerLoop(
            src,
            stop,
            g.outW * 4,
            `${body}
            ${set(dst, add(get(dst), g.strideH * g.inW * 4))}`,
          ),
        );
        return lines.join("\n");
      })
      .join("\n"),
  );
}

/**
 * im2col straight into the panels the products read (`gemmOuter`'s `bPanels`): panel q
 * holds output positions [q·NR, (q + 1)·NR), its K rows of NR floats contiguous, so the
 * product reads B sequentially without packing it first. Needs stride 1 and dilation 1
 * along the width and rows of whole panels (outW a multiple of NR): each panel is then a
 * piece of one output row, copied from one input row.
 *
 *   col[((oh·outW/NR + c)·K + k)·NR + lane] = x[ci, oh·S − P + kh·D, c·NR + lane − P + kw]
 */
export function panelsFit(g: ColumnGeometry, NR: number): boolean {
  return g.strideW === 1 && g.dilationW === 1 && g.outW % NR === 0;
}

export function im2colPanels(
  ctx: WasmEmitContext,
  g: ColumnGeometry,
  x: Expr,
  col: Expr,
  NR: number,
): string {
  const fn = ctx.fn;
  const src = fn.fresh("src", "i32");
  const dst = fn.fresh("dst", "i32");
  const stop = fn.fresh("stop", "i32");
  const K = g.channels * g.kH * g.kW;
  const chunks = g.outW / NR;
  const panelBytes = K * NR * 4;
  const rowBytes = chunks * panelBytes;
  /** Zeros every chunk of the output row at `dst`. */
  const zeroRow = Array.from({ length: chunks }, (_, c) =>
    Array.from({ length: NR / 4 }, (_, v) =>
      store("v128", get(dst), c * panelBytes + 16 * v, zeroV128),
    ).join("\n"),
  ).join("\n");
  return overChannels(ctx, { ...g, positions: NR }, x, col, (xc, cc) => {
    const taps: string[] = [];
    for (let kh = 0; kh < g.kH; kh++) {
      for (let kw = 0; kw < g.kW; kw++) {
        const k = kh * g.kW + kw;
        const rows = validRange(g.inH, g.outH, kh, g.strideH, g.dilationH, g.padTop);
        const cols = validRange(g.inW, g.outW, kw, 1, 1, g.padLeft);
        const lines = [`;; tap (${kh}, ${kw})`];
        const zeroRows = (from: number, to: number) => {
          if (to <= from) return "";
          return `${set(dst, add(get(cc), k * NR * 4 + from * rowBytes))}
            ${set(stop, add(get(dst), (to - from) * rowBytes))}
            ${fn.pointerLoop(dst, stop, rowBytes, zeroRow)}`;
        };
        lines.push(zeroRows(0, Math.min(rows.start, g.outH)));
        if (rows.end > rows.start) {
          // `src`: the input row's first value (an address inside the plane); pieces are offsets from it
          const ih0 = rows.start * g.strideH - g.padTop + kh * g.dilationH;
          const pieces: string[] = [];
          for (let c = 0; c < chunks; c++) {
            const s = Math.max(c * NR, cols.start);
            const e = Math.min(c * NR + NR, cols.end);
            const chunk = c * panelBytes;
            for (let lane = 0; lane < NR; lane++) {
              const ow = c * NR + lane;
              if (ow < s || ow >= e) pieces.push(store("f32", get(dst), chunk + 4 * lane, f32(0)));
            }
            if (e <= s) continue;
            const from = (ow: number) => (ow - g.padLeft + kw) * 4;
            const to = (ow: number) => chunk + (ow - c * NR) * 4;
            if (e - s < 4) {
              for (let ow = s; ow < e; ow++)
                pieces.push(store("f32", get(dst), to(ow), load("f32", get(src), from(ow))));
            } else {
              const starts: number[] = [];
              for (let ow = s; ow + 4 <= e; ow += 4) starts.push(ow);
              if (starts[starts.length - 1]! + 4 < e) starts.push(e - 4); // overlapping: the copy is idempotent
              for (const ow of starts)
                pieces.push(store("v128", get(dst), to(ow), load("v128", get(src), from(ow))));
            }
          }
          lines.push(set(src, add(get(xc), ih0 * g.inW * 4)));
          lines.push(set(dst, add(get(cc), k * NR * 4 + rows.start * rowBytes)));
          lines.push(set(stop, add(get(dst), (rows.end - rows.start) * rowBytes)));
          lines.push(
            fn.pointerLoop(
              dst,
              stop,
              rowBytes,
              `${pieces.join("\n")}
              ${set(src, add(get(src), g.strideH * g.inW * 4))}`,
            ),
          );
        }
        lines.push(zeroRows(Math.max(rows.end, rows.start), g.outH));
        taps.push(lines.join("\n"));
      }
    }
    return taps.join("\n");
  });
}
