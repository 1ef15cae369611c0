import type { Span } from "../../diagnostics/span.js";
import { commentText, tsLiteral } from "./escape.js";

/** Literals and source locations in generated code, shared by the tfjs and loops emitters (moved from tfjs/naming.ts). */

/** A number or nested list as TypeScript source; integers stay integers, floats keep full precision. */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  return tsLiteral(value);
}

/** The file name of a path: its last component, so no machine-specific path reaches generated code. */
export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** `file:line` of a span, for comments: the file's last path component only, made comment-safe. */
export function where(span: Span): string {
  return `${commentText(baseName(span.file))}:${span.line}`;
}
