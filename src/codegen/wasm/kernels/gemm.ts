import {
  add,
  constantOf,
  get,
  horizontalSum,
  i32,
  load,
  loadLanes,
  mul,
  set,
  splatLoad,
  store,
  storeLanes,
  zeroV128,
  type Expr,
  type WatFunction,
} from "../wat.js";

/**
 * Matrix products with every size, stride and tile a constant of the model, in two
 * forms that between them cover every product of the forward and backward passes:
 *
 * - `gemmOuter`, C[i, j] ← Σ_k A[i, k]·B[k, j], vectorised along j: each step of k loads
 *   CV vectors of a row of B, broadcasts R values of a column of A
 *   (`v128.load32_splat`), and adds the R × CV products into R × CV vector
 *   accumulators (outer products). Needs B and C contiguous along j.
 * - `gemmDot`, C[i, j] ← Σ_k A[i, k]·B[j, k], vectorised along k: R × C dot products at
 *   once, four terms per step, each finished by a horizontal sum. Needs A and B
 *   contiguous along k.
 *
 * Tiles (R × CV) are chosen per product from its shape (`chooseOuterTile`,
 * `chooseDotTile`) so that the accumulators, the loaded vectors and a temporary fit the
 * 15 vector registers V8 allocates on x64 (it keeps one as scratch) and few rows or
 * columns are left to the tail code. Columns are the outer loop: a panel of B
 * (K × 4·CV floats) stays in the L1 cache while every block of rows of A passes over it.
 *
 * With `relaxed`, a multiply-add is one `f32x4.relaxed_madd` (a fused multiply-add on
 * x64 with FMA3) instead of a multiply and an add.
 */

/** An operand: element [row, col] is at `base + offset + row·row + col·col` (bytes). */
export interface Operand {
  base: Expr;
  offset: number;
  row: number;
  col: number;
}

export interface GemmSpec {
  fn: WatFunction;
  M: number | Expr;
  N: number;
  K: number | Expr;
  A: Operand;
  B: Operand;
  C: Operand;
  op: "=" | "+=";
  relaxed: boolean;
  /** outer: absolute address of a bias added to each row i (bias[i]); dot: to each column j. */
  bias?: number;
  /** Tile override (rows × vectors for outer, rows × columns for dot). */
  tile?: readonly [number, number];
  /**
   * outer: the address of scratch memory for one packed panel of B (`packBytes(spec)`):
   * each panel of 4·CV columns is first copied into K contiguous rows, so the tiles read B
   * sequentially instead of one cache line per row (rows of B 4 KiB apart all fall into
   * the same few L1 sets; rows a record apart span more pages than the L1 TLB maps). With
   * a constant K, or a run-time K where `packA` is given (its capacity bounds K; sized by
   * `packBytes` with that capacity as K).
   */
  pack?: Expr;
  /**
   * outer: B is stored already packed, panel after panel (panel j of 4·CV columns at
   * `B.base + B.offset + j·K·16·CV`, its K rows contiguous); `B.row` is ignored. The tile
   * must be given (its CV fixes the panels) and N must be a whole number of panels.
   */
  bPanels?: boolean;
  /**
   * outer, with a constant M and a run-time K (the batch): first copy A into micro-panels
   * at `at` when K ≤ `capacity`, so that each block of R rows reads one sequential stream
   * of K·R floats (k-major) instead of R floats every `A.col` bytes. A batch-strided A (a
   * layer's output gradient, one record per k) otherwise costs a cache line per step that
   * the hardware prefetchers do not see coming: measured on the MLP's weight gradient,
   * 500×784 from a batch of 64, the product runs at about 30 GFLOP/s reading A in place
   * and about 42 from the panels. A larger K reads A in place. The buffer takes
   * `packABytes(…)` bytes.
   */
  packA?: { at: Expr; capacity: number };
}

/** Bytes of the packed panel `gemmOuter` needs for this product (its tile's width × K). */
export function packBytes(M: number | Expr, N: number, K: number, relaxed: boolean): number {
  const [, CV] = chooseOuterTile(M, N, relaxed);
  return K * CV * 16;
}

/** Bytes of the micro-panels `packA` needs for up to `capacity` steps of k (whole blocks of R rows). */
export function packABytes(M: number, N: number, capacity: number, relaxed: boolean): number {
  const [R] = chooseOuterTile(M, N, relaxed);
  return Math.ceil(M / R) * R * capacity * 4;
}

/** Whether packing B pays: several blocks of rows reuse each panel and B's rows are far apart. */
export function worthPacking(
  M: number | Expr,
  N: number,
  K: number,
  bRow: number,
  relaxed: boolean,
): boolean {
  const [R] = chooseOuterTile(M, N, relaxed);
  const m = constantOf(M) ?? 64;
  return m >= 2 * R && K >= 8 && bRow >= 1024;
}

export function madd(a: Expr, b: Expr, c: Expr, relaxed: boolean): Expr {
  return relaxed ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add ${c} (f32x4.mul ${a} ${b}))`;
}

/**
 * Tiles that fit the registers, best first (measured on Zen 3 in V8 with a 60×960×576
 * product: 3×2 and 2×4 reach about 30 GFLOP/s with separate multiply and add, 4×2
 * about 45 with relaxed_madd, which needs no temporary register).
 */
const OUTER_TILES: Record<"plain" | "relaxed", readonly (readonly [number, number])[]> = {
  plain: [
    [3, 2],
    [2, 4],
    [4, 2],
    [2, 3],
    [2, 2],
    [1, 4],
  ],
  relaxed: [
    [4, 2],
    [3, 3],
    [2, 4],
    [3, 2],
    [2, 2],
    [1, 4],
  ],
};

/** The tile with the least work left to tail code (rows and partial panels), ties to the faster tile. */
export function chooseOuterTile(M: number | Expr, N: number, relaxed: boolean): [number, number] {
  const m = constantOf(M);
  const vectors = Math.ceil(N / 4);
  let best: [number, number] = [1, 1];
  let bestScore = -Infinity;
  OUTER_TILES[relaxed ? "relaxed" : "plain"].forEach(([R, CV], rank) => {
    const rows = m === undefined ? 64 : m;
    if (R > rows && m !== undefined) return;
    const rowCover = Math.floor(rows / R) * R;
    const colCover = Math.floor(vectors / CV) * CV;
    const covered = (rowCover * colCover) / (rows * vectors);
    const score = covered - 0.04 * rank;
    if (score > bestScore) {
      bestScore = score;
      best = [R, CV];
    }
  });
  if (bestScore === -Infinity) best = [Math.max(1, m ?? 1), Math.min(2, vectors)];
  return best;
}

const DOT_TILES: readonly (readonly [number, number])[] = [
  [4, 2],
  [2, 4],
  [3, 3],
  [3, 2],
  [2, 3],
  [2, 2],
  [1, 4],
];

export function chooseDotTile(M: number | Expr, N: number | Expr): [number, number] {
  const m = constantOf(M) ?? 64;
  const n = constantOf(N) ?? 64;
  let best: [number, number] = [1, 1];
  let bestScore = -Infinity;
  DOT_TILES.forEach(([R, C], rank) => {
    if (R > m || C > n) return;
    const covered = (Math.floor(m / R) * R * Math.floor(n / C) * C) / (m * n);
    const score = covered - 0.04 * rank;
    if (score > bestScore) {
      bestScore = score;
      best = [R, C];
    }
  });
  return best;
}

/**
 * Rows [0, M) in blocks of R, then the leftover rows: constant M gives one tail block of
 * M mod R rows; a run-time M (the batch) finishes one row at a time.
 */
function rowBlocks(
  fn: WatFunction,
  i: string,
  M: number | Expr,
  R: number,
  block: (rows: number) => string,
): string {
  const m = constantOf(M);
  if (m !== undefined) {
    const full = m - (m % R);
    const parts: string[] = [];
    if (full > 0) parts.push(fn.forLoop(i, 0, full, block(R), R));
    if (m % R !== 0) parts.push(`${set(i, i32(full))}\n${block(m % R)}`);
    return parts.join("\n");
  }
  const fullDone = fn.label("rows_done");
  const fullLoop = fn.label("rows");
  const restDone = fn.label("rest_done");
  const restLoop = fn.label("rest");
  return `${set(i, i32(0))}
    (block $${fullDone}
      (loop $${fullLoop}
        (br_if $${fullDone} (i32.gt_s (i32.add ${get(i)} ${i32(R)}) ${M}))
        ${block(R)}
        ${set(i, add(get(i), R))}
        (br $${fullLoop})))
    ${
      R === 1
        ? ""
        : `(block $${restDone}
      (loop $${restLoop}
        (br_if $${restDone} (i32.ge_s ${get(i)} ${M}))
        ${block(1)}
        ${set(i, add(get(i), 1))}
        (br $${restLoop})))`
    }`;
}

/** C[i, j] (op)= Σ_k A[i, k]·B[k, j] (+ bias[i]), vectorised along j (B.col = C.col = 4). */
export function gemmOuter(spec: GemmSpec): string {
  const { fn, M, N, K, A, B, C, relaxed } = spec;
  if (B.col !== 4 || C.col !== 4)
    throw new Error("wasm backend: gemmOuter needs B and C contiguous along j");
  const [R, CV] = spec.tile ?? chooseOuterTile(M, N, relaxed);
  const tag = fn.fresh("g", "i32");
  const i = fn.local(`${tag}_i`, "i32");
  const j = fn.local(`${tag}_j`, "i32");
  const pa = fn.local(`${tag}_pa`, "i32");
  const pb = fn.local(`${tag}_pb`, "i32");
  const pc = fn.local(`${tag}_pc`, "i32");
  const pend = fn.local(`${tag}_end`, "i32");
  const av = fn.local("ga", "v128");
  const acc = (r: number, c: number) => fn.local(`acc${r}_${c}`, "v128");
  const bv = (c: number) => fn.local(`gb${c}`, "v128");
  const kBytes = mul(K, B.row);

  // B's panels are packed with a constant K, or a run-time K bounded by packA's capacity
  const packs = (aPanels: boolean) =>
    spec.pack !== undefined && (constantOf(K) !== undefined || aPanels);
  // packABytes sizes the micro-panels for the tile chooseOuterTile picks
  if (spec.packA !== undefined && spec.tile !== undefined)
    throw new Error("wasm backend: packing A takes the chosen tile, not a given one");
  if (
    spec.bPanels === true &&
    (spec.tile === undefined || N % (4 * CV) !== 0 || constantOf(K) === undefined)
  )
    throw new Error(
      "wasm backend: a pre-packed B needs a given tile, whole panels and a constant K",
    );
  /** One R × cv block at rows i, byte column jByte; the last vector holds `lanes` valid floats. */
  const block = (
    rows: number,
    cv: number,
    lanes: number,
    jByte: Expr,
    fromPack: boolean,
    aPanels: boolean,
  ) => {
    const lines: string[] = [];
    const bRow = fromPack || spec.bPanels === true ? 4 * CV * 4 : B.row;
    // A's rows i..i+R-1: in place, or block i/R of the micro-panels (K·R floats from i·K)
    const aRow = aPanels ? 4 : A.row;
    const aStep = aPanels ? 4 * R : A.col;
    lines.push(
      set(
        pa,
        aPanels
          ? add(spec.packA!.at, mul(mul(get(i), K), 4))
          : add(add(A.base, A.offset), mul(get(i), A.row)),
      ),
    );
    // panel j (jByte = j·16·CV) of a pre-packed B starts K rows of 16·CV bytes further per panel
    const panelStart = spec.bPanels === true ? mul(jByte, constantOf(K)!) : jByte;
    lines.push(set(pb, fromPack ? spec.pack! : add(add(B.base, B.offset), panelStart)));
    lines.push(set(pend, add(get(pb), fromPack || spec.bPanels === true ? mul(K, bRow) : kBytes)));
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cv; c++) lines.push(set(acc(r, c), zeroV128));
    const step: string[] = [];
    for (let c = 0; c < cv; c++) step.push(set(bv(c), load("v128", get(pb), 16 * c)));
    for (let r = 0; r < rows; r++) {
      step.push(set(av, splatLoad(get(pa), r * aRow)));
      for (let c = 0; c < cv; c++)
        step.push(set(acc(r, c), madd(get(av), get(bv(c)), get(acc(r, c)), relaxed)));
    }
    step.push(set(pa, add(get(pa), aStep)));
    lines.push(fn.pointerLoop(pb, pend, bRow, step.join("\n")));
    lines.push(set(pc, add(add(add(C.base, C.offset), mul(get(i), C.row)), jByte)));
    for (let r = 0; r < rows; r++) {
      const bias =
        spec.bias === undefined ? undefined : splatLoad(add(i32(spec.bias), mul(get(i), 4)), 4 * r);
      for (let c = 0; c < cv; c++) {
        const offset = r * C.row + 16 * c;
        let value = get(acc(r, c));
        if (spec.op === "+=") value = `(f32x4.add ${load("v128", get(pc), offset)} ${value})`;
        if (bias !== undefined) value = `(f32x4.add ${value} ${bias})`;
        lines.push(storeLanes(get(pc), offset, value, c === cv - 1 ? lanes : 4));
      }
    }
    return lines.join("\n");
  };

  const NR = 4 * CV;
  /** Copies the panel of columns at jByte (K rows of NR floats) into the pack. */
  const packPanel = (jByte: Expr) => {
    const from = fn.local(`${tag}_from`, "i32");
    const to = fn.local(`${tag}_to`, "i32");
    const stop = fn.local(`${tag}_stop`, "i32");
    const copies = Array.from({ length: CV }, (_, c) =>
      store("v128", get(to), 16 * c, load("v128", get(from), 16 * c)),
    );
    return `${set(from, add(add(B.base, B.offset), jByte))}
      ${set(to, spec.pack!)}
      ${set(stop, add(get(to), mul(K, NR * 4)))}
      ${fn.pointerLoop(to, stop, NR * 4, `${copies.join("\n")}\n${set(from, add(get(from), B.row))}`)}`;
  };
  const panel = (cv: number, lanes: number, jByte: Expr, aPanels: boolean) => {
    const fromPack = packs(aPanels) && cv === CV && lanes === 4;
    const blocks = rowBlocks(fn, i, M, R, (rows) =>
      block(rows, cv, lanes, jByte, fromPack, aPanels),
    );
    return fromPack ? `${packPanel(jByte)}\n${blocks}` : blocks;
  };
  const fullPanels = Math.floor(N / NR);
  const rest = N - fullPanels * NR;
  const product = (aPanels: boolean) => {
    const parts: string[] = [];
    if (fullPanels > 0)
      parts.push(fn.forLoop(j, 0, fullPanels * NR * 4, panel(CV, 4, get(j), aPanels), NR * 4));
    if (rest > 0)
      parts.push(
        panel(
          Math.ceil(rest / 4),
          rest % 4 === 0 ? 4 : rest % 4,
          i32(fullPanels * NR * 4),
          aPanels,
        ),
      );
    return parts.join("\n");
  };
  if (spec.packA === undefined) return product(false);
  if (constantOf(M) === undefined || constantOf(K) !== undefined)
    throw new Error("wasm backend: packing A needs a constant M and a run-time K");
  return `(if (i32.le_u ${String(K)} ${i32(spec.packA.capacity)})
    (then
      ${packAPanels(spec, R, tag)}
      ${product(true)})
    (else ${product(false)}))`;
}

/**
 * Copies A (M × K, element [i, k] at `A.offset + i·4 + k·A.col`: rows adjacent, steps of k
 * far apart) into micro-panels at `packA.at`: rows i..i+R-1 as block i/R, K·R floats from
 * i·K·4 bytes, element [i + r, k] at k·R + r. One pass over k (a record at a time for a
 * batch-strided A), each block's R adjacent values copied as one vector.
 */
function packAPanels(spec: GemmSpec, R: number, tag: string): string {
  const { fn, A, K } = spec;
  if (A.row !== 4) throw new Error("wasm backend: packing A needs its rows adjacent");
  const M = constantOf(spec.M)!;
  const at = spec.packA!.at;
  const k = fn.local(`${tag}_k`, "i32");
  const from = fn.local(`${tag}_afrom`, "i32");
  const to = fn.local(`${tag}_ato`, "i32");
  const b = fn.local(`${tag}_ab`, "i32");
  const blockBytes = fn.local(`${tag}_ablock`, "i32");
  const copy = (rows: number) => storeLanes(get(to), 0, loadLanes(get(from), 0, rows), rows);
  const blocks = Math.floor(M / R);
  const tail = M % R;
  const next = `${set(from, add(get(from), R * A.row))}
    ${set(to, add(get(to), get(blockBytes)))}`;
  return `${set(blockBytes, mul(mul(K, R), 4))}
    ${fn.forLoop(
      k,
      0,
      K,
      `${set(from, add(add(A.base, A.offset), mul(get(k), A.col)))}
      ${set(to, add(at, mul(get(k), 4 * R)))}
      ${blocks > 0 ? fn.forLoop(b, 0, blocks, `${copy(R)}\n${next}`) : ""}
      ${tail > 0 ? copy(tail) : ""}`,
    )}`;
}

/** C[i, j] (op)= Σ_k A[i, k]·B[j, k] (+ bias[j]), vectorised along k (A and B contiguous along k). */
export function gemmDot(spec: GemmSpec): string {
  const { fn, M, N, A, B, C, relaxed } = spec;
  const K = constantOf(spec.K);
  if (K === undefined) throw new Error("wasm backend: gemmDot needs a constant K");
  if (A.col !== 4 || B.col !== 4)
    throw new Error("wasm backend: gemmDot needs A and B contiguous along k");
  const [R, CN] = spec.tile ?? chooseDotTile(M, N);
  const tag = fn.fresh("d", "i32");
  const i = fn.local(`${tag}_i`, "i32");
  const j = fn.local(`${tag}_j`, "i32");
  const pa = fn.local(`${tag}_pa`, "i32");
  const pb = fn.local(`${tag}_pb`, "i32");
  const pc = fn.local(`${tag}_pc`, "i32");
  const pend = fn.local(`${tag}_end`, "i32");
  const av = fn.local("ga", "v128");
  const acc = (r: number, c: number) => fn.local(`acc${r}_${c}`, "v128");
  const bv = (c: number) => fn.local(`gb${c}`, "v128");
  const K4 = K - (K % 4);
  const lanes = K % 4;

  const block = (rows: number, cols: number) => {
    const lines: string[] = [];
    lines.push(set(pa, add(add(A.base, A.offset), mul(get(i), A.row))));
    lines.push(set(pb, add(add(B.base, B.offset), mul(get(j), B.row))));
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) lines.push(set(acc(r, c), zeroV128));
    const step = (loadB: (c: number) => Expr, loadA: (r: number) => Expr) => {
      const s: string[] = [];
      for (let c = 0; c < cols; c++) s.push(set(bv(c), loadB(c)));
      for (let r = 0; r < rows; r++) {
        s.push(set(av, loadA(r)));
        for (let c = 0; c < cols; c++)
          s.push(set(acc(r, c), madd(get(av), get(bv(c)), get(acc(r, c)), relaxed)));
      }
      return s.join("\n");
    };
    if (K4 > 0) {
      lines.push(set(pend, add(get(pa), K4 * 4)));
      lines.push(
        fn.pointerLoop(
          pa,
          pend,
          16,
          `${step(
            (c) => load("v128", get(pb), c * B.row),
            (r) => load("v128", get(pa), r * A.row),
          )}
          ${set(pb, add(get(pb), 16))}`,
        ),
      );
    }
    if (lanes > 0) {
      lines.push(
        step(
          (c) => loadLanes(get(pb), c * B.row, lanes),
          (r) => loadLanes(get(pa), r * A.row, lanes),
        ),
      );
    }
    lines.push(set(pc, add(add(add(C.base, C.offset), mul(get(i), C.row)), mul(get(j), C.col))));
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const offset = r * C.row + c * C.col;
        let value = horizontalSum(get(acc(r, c)));
        if (spec.op === "+=") value = `(f32.add ${load("f32", get(pc), offset)} ${value})`;
        if (spec.bias !== undefined)
          value = `(f32.add ${value} ${load("f32", add(i32(spec.bias), mul(get(j), 4)), 4 * c)})`;
        lines.push(store("f32", get(pc), offset, value));
      }
    }
    return lines.join("\n");
  };

  const columns = (cols: number) => rowBlocks(fn, i, M, R, (rows) => block(rows, cols));
  const full = N - (N % CN);
  const parts: string[] = [];
  if (full > 0) parts.push(fn.forLoop(j, 0, full, columns(CN), CN));
  if (N % CN !== 0) parts.push(`${set(j, i32(full))}\n${columns(N % CN)}`);
  return parts.join("\n");
}
