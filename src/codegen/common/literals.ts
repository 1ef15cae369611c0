import type { Span } from "../../diagnostics/span.js";

/** Literals and source locations in generated code, shared by the tfjs and loops emitters (moved from tfjs/naming.ts). */

/** A number or nested list as TypeScript source; integers stay integers, floats keep full precision. */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return String(value);
  }
  return JSON.stringify(value ?? null);
}

/** `file:line` of a span, with the file's last path component only (no machine-specific paths). */
export function where(span: Span): string {
  const file = span.file.split(/[\\/]/).pop() ?? span.file;
  return `${file}:${span.line}`;
}
