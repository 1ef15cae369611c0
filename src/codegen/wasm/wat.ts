/**
 * Building blocks of WebAssembly text (WAT, folded S-expressions) for the compiled CPU
 * backend. Kernels are written as text with these helpers and assembled by wabt
 * (./assemble.ts); the text is what a reader inspects (`netc compile --backend wasm`
 * writes it next to the binary as model.wat).
 *
 * Every size the helpers print is a constant of the model; expressions are strings of
 * folded WAT (`(i32.add (local.get $p) (i32.const 16))`).
 */

export type ValType = "i32" | "i64" | "f32" | "f64" | "v128";
export type Expr = string;

/** An i32 constant. */
export function i32(value: number): Expr {
  if (!Number.isInteger(value)) throw new Error(`wasm backend: i32 constant ${value} is not whole`);
  return `(i32.const ${value | 0})`;
}

/** An f32 literal that WAT parses to exactly `Math.fround(value)`. */
export function f32Literal(value: number): string {
  const v = Math.fround(value);
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (Object.is(v, -0)) return "-0";
  return String(v);
}

export function f32(value: number): Expr {
  return `(f32.const ${f32Literal(value)})`;
}

export function f64(value: number): Expr {
  if (Number.isNaN(value)) return "(f64.const nan)";
  if (!Number.isFinite(value)) return `(f64.const ${value > 0 ? "inf" : "-inf"})`;
  return `(f64.const ${String(value)})`;
}

/** A vector of four equal f32 lanes. */
export function f32x4(value: number): Expr {
  const v = f32Literal(value);
  return `(v128.const f32x4 ${v} ${v} ${v} ${v})`;
}

export const zeroV128: Expr = "(v128.const i32x4 0 0 0 0)";

export function get(local: string): Expr {
  return `(local.get $${local})`;
}

export function set(local: string, value: Expr): string {
  return `(local.set $${local} ${value})`;
}

export function tee(local: string, value: Expr): Expr {
  return `(local.tee $${local} ${value})`;
}

export function global(name: string): Expr {
  return `(global.get $${name})`;
}

/** `a + b` for i32 expressions, folding constants and dropping zero terms. */
export function add(a: Expr | number, b: Expr | number): Expr {
  const ca = constantOf(a);
  const cb = constantOf(b);
  if (ca !== undefined && cb !== undefined) return i32(ca + cb);
  if (ca === 0) return asExpr(b);
  if (cb === 0) return asExpr(a);
  return `(i32.add ${asExpr(a)} ${asExpr(b)})`;
}

/** `a · b` for i32 expressions, folding constants and factors of 0 and 1. */
export function mul(a: Expr | number, b: Expr | number): Expr {
  const ca = constantOf(a);
  const cb = constantOf(b);
  if (ca !== undefined && cb !== undefined) return i32(ca * cb);
  if (ca === 0 || cb === 0) return i32(0);
  if (ca === 1) return asExpr(b);
  if (cb === 1) return asExpr(a);
  return `(i32.mul ${asExpr(a)} ${asExpr(b)})`;
}

function asExpr(value: Expr | number): Expr {
  return typeof value === "number" ? i32(value) : value;
}

/** The value of an i32 constant expression (or a number), else undefined. */
export function constantOf(value: Expr | number): number | undefined {
  if (typeof value === "number") return value;
  const match = /^\(i32\.const (-?\d+)\)$/.exec(value);
  return match === null ? undefined : Number(match[1]);
}

/** `(<type>.load offset=… addr)`; the constant offset rides in the instruction's immediate. */
export function load(type: "f32" | "i32" | "v128" | "f64", addr: Expr, offset = 0): Expr {
  return `(${type}.load${immediate(offset)} ${addr})`;
}

export function store(
  type: "f32" | "i32" | "v128" | "f64",
  addr: Expr,
  offset: number,
  value: Expr,
): string {
  return `(${type}.store${immediate(offset)} ${addr} ${value})`;
}

/** One f32 from memory broadcast to four lanes. */
export function splatLoad(addr: Expr, offset = 0): Expr {
  return `(v128.load32_splat${immediate(offset)} ${addr})`;
}

function immediate(offset: number): string {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0xffffffff)
    throw new Error(`wasm backend: memory offset ${offset} out of range`);
  return offset === 0 ? "" : ` offset=${offset}`;
}

/** Stores the first `lanes` (1–4) lanes of a vector: the tail of a row that is not a multiple of 4. */
export function storeLanes(addr: Expr, offset: number, value: string, lanes: number): string {
  switch (lanes) {
    case 4:
      return store("v128", addr, offset, value);
    case 2:
      return `(v128.store64_lane${immediate(offset)} 0 ${addr} ${value})`;
    case 1:
      return `(v128.store32_lane${immediate(offset)} 0 ${addr} ${value})`;
    case 3:
      return `(v128.store64_lane${immediate(offset)} 0 ${addr} ${value})
        (v128.store32_lane${immediate(offset + 8)} 2 ${addr} ${value})`;
    default:
      throw new Error(`wasm backend: cannot store ${lanes} lanes`);
  }
}

/**
 * Loads the first `lanes` (1–4) floats at addr into a vector whose other lanes are 0
 * (reads nothing past them), for reductions whose tails must not add stray values.
 */
export function loadLanes(addr: Expr, offset: number, lanes: number): Expr {
  switch (lanes) {
    case 4:
      return load("v128", addr, offset);
    case 2:
      return `(v128.load64_zero${immediate(offset)} ${addr})`;
    case 1:
      return `(v128.load32_zero${immediate(offset)} ${addr})`;
    case 3:
      return `(v128.load32_lane${immediate(offset + 8)} 2 ${addr} (v128.load64_zero${immediate(offset)} ${addr}))`;
    default:
      throw new Error(`wasm backend: cannot load ${lanes} lanes`);
  }
}

/** The sum of a vector's four lanes as an f32. */
export function horizontalSum(vector: Expr): Expr {
  return `(f32.add
    (f32.add (f32x4.extract_lane 0 ${vector}) (f32x4.extract_lane 1 ${vector}))
    (f32.add (f32x4.extract_lane 2 ${vector}) (f32x4.extract_lane 3 ${vector})))`;
}

/**
 * One function under construction: its signature, the locals its body declares (by
 * name, each with one type) and unique loop labels.
 */
export class WatFunction {
  private readonly locals = new Map<string, ValType>();
  private labels = 0;
  private names = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly params: readonly (readonly [string, ValType])[],
    readonly result?: ValType,
    readonly exportName?: string,
  ) {
    for (const [param, type] of params) this.locals.set(param, type);
  }

  /** Declares (once) a local of this name and type and returns the name. */
  local(name: string, type: ValType): string {
    const known = this.locals.get(name);
    if (known !== undefined && known !== type)
      throw new Error(
        `wasm backend: local $${name} of ${this.name} declared as ${known} and ${type}`,
      );
    this.locals.set(name, type);
    return name;
  }

  /** A new local, never shared with another part of the body. */
  fresh(prefix: string, type: ValType): string {
    const count = this.names.get(prefix) ?? 0;
    this.names.set(prefix, count + 1);
    return this.local(`${prefix}${count === 0 ? "" : `_${count}`}`, type);
  }

  /** A label for a block or loop, unique in this function. */
  label(prefix: string): string {
    this.labels++;
    return `${prefix}${this.labels}`;
  }

  /**
   * `for (v = from; v < to; v += step) body` over i32 `v`. When both bounds are constants
   * the loop runs at least once and the entry test is left out; otherwise the loop is
   * skipped when from ≥ to.
   */
  forLoop(v: string, from: Expr | number, to: Expr | number, body: string, step = 1): string {
    this.local(v, "i32");
    const loop = this.label(`${v}_loop`);
    const lo = constantOf(from);
    const hi = constantOf(to);
    const next = `(br_if $${loop} (i32.lt_s ${tee(v, add(get(v), step))} ${asExpr(to)}))`;
    if (lo !== undefined && hi !== undefined) {
      if (lo >= hi) return "";
      return `${set(v, asExpr(from))}
        (loop $${loop}
          ${body}
          ${next})`;
    }
    const done = this.label(`${v}_done`);
    return `${set(v, asExpr(from))}
      (block $${done}
        (br_if $${done} (i32.ge_s ${get(v)} ${asExpr(to)}))
        (loop $${loop}
          ${body}
          ${next}))`;
  }

  /**
   * A loop that advances the byte pointer `p` by `step` until it reaches `end` (an
   * expression evaluated once, before the loop): the body runs at least once.
   */
  pointerLoop(p: string, end: string, step: number, body: string): string {
    const loop = this.label(`${p}_loop`);
    return `(loop $${loop}
        ${body}
        (br_if $${loop} (i32.ne ${tee(p, add(get(p), step))} ${get(end)})))`;
  }

  toText(body: string): string {
    const params = this.params.map(([n, t]) => `(param $${n} ${t})`).join(" ");
    const paramNames = new Set(this.params.map(([n]) => n));
    const locals = [...this.locals]
      .filter(([n]) => !paramNames.has(n))
      .map(([n, t]) => `(local $${n} ${t})`)
      .join(" ");
    const exported = this.exportName === undefined ? "" : ` (export "${this.exportName}")`;
    const result = this.result === undefined ? "" : ` (result ${this.result})`;
    return `(func $${this.name}${exported} ${params}${result}
      ${locals}
      ${body})`;
  }
}
