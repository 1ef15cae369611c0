import type { Span } from "../diagnostics/span.js";
import type { AttrValue, Shape } from "../ir/ir.js";

/**
 * A value of a constant expression. Integers and floats are distinct types; a bare name
 * that resolves to nothing is a symbol; `in` is the shape entering the statement; a call
 * in expression position (`sgd(lr = 0.01)`) stays a call for the consumer to interpret.
 */
export type Value =
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "symbol"; name: string }
  | { type: "list"; items: Value[] }
  | { type: "in"; shape: Shape }
  | { type: "call"; name: string; nameSpan: Span; args: CallArgument[] };

/** A call's argument kept unevaluated-by-type: its value plus spans, for binding against specs later. */
export interface CallArgument {
  name?: string;
  nameSpan?: Span;
  value: Value | undefined;
  span: Span;
}

export const int = (value: number): Value => ({ type: "int", value });
export const float = (value: number): Value => ({ type: "float", value });
export const bool = (value: boolean): Value => ({ type: "bool", value });
export const shapeValue = (shape: Shape): Value => ({ type: "list", items: shape.map(int) });

/** Lists and strings longer than this are abbreviated in messages. */
const SHOWN_ITEMS = 16;
const SHOWN_CHARACTERS = 80;

/** How a value is shown in messages: as it would be written in a .net file (long ones abbreviated). */
export function showValue(value: Value): string {
  switch (value.type) {
    case "int":
      return String(value.value);
    case "float":
      return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
    case "bool":
      return String(value.value);
    case "string":
      return value.value.length <= SHOWN_CHARACTERS
        ? JSON.stringify(value.value)
        : `${JSON.stringify(value.value.slice(0, SHOWN_CHARACTERS))}… (${value.value.length} characters)`;
    case "symbol":
      return value.name;
    case "list":
      if (value.items.length > SHOWN_ITEMS)
        return `[${value.items.slice(0, SHOWN_ITEMS).map(showValue).join(", ")}, …] (${value.items.length} items)`;
      return `[${value.items.map(showValue).join(", ")}]`;
    case "in":
      return `in (shape [${value.shape.join(", ")}])`;
    case "call":
      return `${value.name}(…)`;
  }
}

/** "the float 2.0", "the symbol same": what was found, for type errors. */
export function describeValue(value: Value): string {
  const kind: Record<Value["type"], string> = {
    int: "the integer",
    float: "the float",
    bool: "the boolean",
    string: "the string",
    symbol: "the name",
    list: "the list",
    in: "",
    call: "the call",
  };
  return value.type === "in" ? "`in`" : `${kind[value.type]} ${showValue(value)}`;
}

/**
 * How many values one value holds (1 for a scalar, plus everything inside a list or a
 * call, nested ones in full) and how deeply lists and calls nest in it; limits.ts bounds
 * both. Memoised: every list and call is measured when it is made, so measuring a new one
 * reads only its own items, even when it shares parts (`[a, a]`).
 */
export interface ValueMeasure {
  size: number;
  depth: number;
}
const SCALAR: ValueMeasure = { size: 1, depth: 0 };
const measures = new WeakMap<Value, ValueMeasure>();
export function measureValue(value: Value): ValueMeasure {
  if (value.type !== "list" && value.type !== "call") return SCALAR;
  let measure = measures.get(value);
  if (measure === undefined) {
    measure = { size: 1, depth: 1 };
    const parts =
      value.type === "list" ? value.items : value.args.flatMap((a) => (a.value ? [a.value] : []));
    for (const part of parts) {
      const inner = measureValue(part);
      measure.size += inner.size;
      measure.depth = Math.max(measure.depth, inner.depth + 1);
    }
    measures.set(value, measure);
  }
  return measure;
}

export function isNumber(value: Value): value is { type: "int" | "float"; value: number } {
  return value.type === "int" || value.type === "float";
}

/** Structural equality, numbers compared by value (1 == 1.0 as in Python). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (isNumber(a) && isNumber(b)) return a.value === b.value;
  if (a.type === "in" || b.type === "in") {
    const sa = a.type === "in" ? shapeValue(a.shape) : a;
    const sb = b.type === "in" ? shapeValue(b.shape) : b;
    return sa.type !== "in" && sb.type !== "in" && valuesEqual(sa, sb);
  }
  if (a.type !== b.type) return false;
  switch (a.type) {
    case "bool":
    case "string":
      return a.value === (b as typeof a).value;
    case "symbol":
      return a.name === (b as typeof a).name;
    case "list": {
      const other = b as typeof a;
      return (
        a.items.length === other.items.length &&
        a.items.every((item, i) => valuesEqual(item, other.items[i]!))
      );
    }
    default:
      return false;
  }
}

/** Plain data for the IR; `in` becomes its shape, a call its name. */
export function toAttr(value: Value): AttrValue {
  switch (value.type) {
    case "int":
    case "float":
    case "bool":
    case "string":
      return value.value;
    case "symbol":
      return value.name;
    case "list":
      return value.items.map(toAttr);
    case "in":
      return [...value.shape];
    case "call":
      return value.name;
  }
}
