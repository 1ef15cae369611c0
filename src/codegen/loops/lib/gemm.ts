/**
 * A register-blocked matrix product, emitted with constant sizes and strides:
 *
 *   C[i, j] ← Σ_k A[i, k] · B[k, j]      for i < M, j < N, k < K
 *
 * The main loop computes a 2 × 4 block of C in 8 local accumulators, reading two
 * values of A and four of B per step of k (0.75 loads per multiply-add instead of two),
 * few enough values for a JIT to keep them all in registers. Rows and columns that do not
 * fill a block are finished by plain loops. Each matrix is given as an array name, a
 * base offset expression and its row and column strides, so the same emitter serves
 * convolution (through im2col) and dense layers without copying.
 */
export interface MatrixRef {
  array: string;
  /** Offset expression of element [0, 0]. */
  base: string;
  rowStride: number | string;
  colStride: number | string;
}

export interface GemmSpec {
  /** Sizes: numbers, or an expression (the batch `n`) for M. */
  M: number | string;
  N: number;
  K: number | string;
  A: MatrixRef;
  B: MatrixRef;
  C: MatrixRef;
  /** How a finished value is written: `=` or `+=`. */
  op: "=" | "+=";
  /** Optional expression of the row variable added to every value of row i (a bias). */
  rowBias?: (row: string) => string;
  /** Prefix for the loop variables, so several products can share a method. */
  tag: string;
}

/** Block shape: rows of A by columns of B. 2 × 4 (8 accumulators) measured faster than 4 × 4 in V8, which runs out of registers. */
const ROWS = 2;
const COLS = 4;

function index(ref: MatrixRef, row: string, col: string): string {
  const parts = [ref.base];
  if (row !== "0") parts.push(ref.rowStride === 1 ? row : `${row} * ${ref.rowStride}`);
  if (col !== "0") parts.push(ref.colStride === 1 ? col : `${col} * ${ref.colStride}`);
  return parts.filter((p) => p !== "0" && p !== "").join(" + ") || "0";
}

function offsetBy(variable: string, delta: number): string {
  return delta === 0 ? variable : `(${variable} + ${delta})`;
}

export function emitGemm(spec: GemmSpec): string {
  const { A, B, C, K, tag } = spec;
  const i = `${tag}i`;
  const j = `${tag}j`;
  const k = `${tag}k`;
  const mBlocked =
    typeof spec.M === "number" ? String(spec.M - (spec.M % ROWS)) : `(${spec.M} & ~${ROWS - 1})`;
  const nBlocked = spec.N - (spec.N % COLS);
  const rows = Array.from({ length: ROWS }, (_, r) => r);
  const cols = Array.from({ length: COLS }, (_, c) => c);
  const bias = (row: string) => (spec.rowBias ? ` + ${spec.rowBias(row)}` : "");
  const acc = (r: number, c: number) => `c${r}${c}`;

  const blockBody = `
    ${rows.map((r) => cols.map((c) => `let ${acc(r, c)} = 0;`).join(" ")).join("\n")}
    for (let ${k} = 0; ${k} < ${K}; ${k}++) {
      ${rows.map((r) => `const a${r} = ${A.array}[${index(A, offsetBy(i, r), k)}];`).join(" ")}
      ${cols.map((c) => `const b${c} = ${B.array}[${index(B, k, offsetBy(j, c))}];`).join(" ")}
      ${rows.map((r) => cols.map((c) => `${acc(r, c)} += a${r} * b${c};`).join(" ")).join("\n")}
    }
    ${rows
      .map((r) =>
        cols
          .map(
            (c) =>
              `${C.array}[${index(C, offsetBy(i, r), offsetBy(j, c))}] ${spec.op} ${acc(r, c)}${bias(offsetBy(i, r))};`,
          )
          .join("\n"),
      )
      .join("\n")}`;

  // Columns past the last full block, for the same four rows.
  const columnTail =
    nBlocked === spec.N
      ? ""
      : `
    for (let ${j} = ${nBlocked}; ${j} < ${spec.N}; ${j}++) {
      ${rows.map((r) => `let ${acc(r, 0)} = 0;`).join(" ")}
      for (let ${k} = 0; ${k} < ${K}; ${k}++) {
        const b0 = ${B.array}[${index(B, k, j)}];
        ${rows.map((r) => `${acc(r, 0)} += ${A.array}[${index(A, offsetBy(i, r), k)}] * b0;`).join(" ")}
      }
      ${rows.map((r) => `${C.array}[${index(C, offsetBy(i, r), j)}] ${spec.op} ${acc(r, 0)}${bias(offsetBy(i, r))};`).join("\n")}
    }`;

  // Rows past the last full block: one row at a time, four columns at a time.
  const rowTail = `
    for (let ${i} = ${mBlocked}; ${i} < ${spec.M}; ${i}++) {
      ${
        nBlocked > 0
          ? `for (let ${j} = 0; ${j} < ${nBlocked}; ${j} += ${COLS}) {
        ${cols.map((c) => `let ${acc(0, c)} = 0;`).join(" ")}
        for (let ${k} = 0; ${k} < ${K}; ${k}++) {
          const a0 = ${A.array}[${index(A, i, k)}];
          ${cols.map((c) => `${acc(0, c)} += a0 * ${B.array}[${index(B, k, offsetBy(j, c))}];`).join(" ")}
        }
        ${cols.map((c) => `${C.array}[${index(C, i, offsetBy(j, c))}] ${spec.op} ${acc(0, c)}${bias(i)};`).join("\n")}
      }`
          : ""
      }
      ${
        nBlocked < spec.N
          ? `for (let ${j} = ${nBlocked}; ${j} < ${spec.N}; ${j}++) {
        let c00 = 0;
        for (let ${k} = 0; ${k} < ${K}; ${k}++) c00 += ${A.array}[${index(A, i, k)}] * ${B.array}[${index(B, k, j)}];
        ${C.array}[${index(C, i, j)}] ${spec.op} c00${bias(i)};
      }`
          : ""
      }
    }`;

  const mIsBlockFree = typeof spec.M === "number" && spec.M < ROWS;
  const main = mIsBlockFree
    ? ""
    : `
    for (let ${i} = 0; ${i} < ${mBlocked}; ${i} += ${ROWS}) {
      ${nBlocked > 0 ? `for (let ${j} = 0; ${j} < ${nBlocked}; ${j} += ${COLS}) { ${blockBody} }` : ""}
      ${columnTail}
    }`;
  const needsRowTail = typeof spec.M !== "number" || spec.M % ROWS !== 0;
  return `${main}${needsRowTail ? rowTail : ""}`;
}
