import type { Diagnostic, Severity } from "../../src/diagnostics/diagnostic.js";
import type { SourceText } from "../../src/diagnostics/span.js";

/**
 * Inline diagnostic expectations in .net fixture files, in the style of rust-analyzer:
 * a comment line under the offending line whose carets sit under the primary span.
 *
 *     conv2d(6, 5, stride=2)
 *   #              ^^^^^^^^ error NET0301: conv2d: output width … is not a whole number
 *
 * Forms of an expectation line (the comment may be indented freely):
 *   `# ^^^ SEVERITY CODE: MESSAGE`     the carets' columns are the span's columns on the
 *                                      nearest preceding line that is not an expectation
 *   `# [A..B] SEVERITY CODE: MESSAGE`  columns A to B inclusive, for spans that begin in
 *   `# [A] SEVERITY CODE: MESSAGE`     column 1 or 2, where carets cannot be placed
 *   `# [eof] SEVERITY CODE: MESSAGE`   a span at the end of the file (after the last code)
 *
 * The carets mean what the terminal renderer underlines: from the span's start to its
 * end on the first line (to the end of that line for a multi-line span), at least one
 * column. The message must match exactly. Expectation lines are ordinary comments, so
 * the checker never sees them.
 */

export interface Expectation {
  /** 1-based line of the expectation comment itself (for error messages). */
  commentLine: number;
  /** 1-based line the carets point at, or "eof". */
  line: number | "eof";
  /** 1-based first and last underlined columns (inclusive); unused for eof. */
  from: number;
  to: number;
  severity: Severity;
  code: string;
  message: string;
}

const LOOKS_LIKE_EXPECTATION = /^\s*#\s*(\^|\[(\d|eof))/;
const TAIL = String.raw`\s+(error|warning|info)\s+(NET\d{4}):\s(.*)$`;
const CARET_FORM = new RegExp(String.raw`^(\s*#\s*)(\^+)` + TAIL);
const COLUMN_FORM = new RegExp(String.raw`^\s*#\s*\[(\d+)(?:\.\.(\d+))?\]` + TAIL);
const EOF_FORM = new RegExp(String.raw`^\s*#\s*\[eof\]` + TAIL);

export function isExpectationLine(text: string): boolean {
  return LOOKS_LIKE_EXPECTATION.test(text);
}

export interface ParsedExpectations {
  expectations: Expectation[];
  /** Lines that look like expectations but do not parse: a fixture bug, reported as a failure. */
  malformed: string[];
}

export function parseExpectations(source: SourceText): ParsedExpectations {
  const expectations: Expectation[] = [];
  const malformed: string[] = [];
  let target: number | undefined;
  for (let line = 1; line <= source.lineStarts.length; line++) {
    const text = source.lineText(line);
    if (!isExpectationLine(text)) {
      target = line;
      continue;
    }
    const eof = EOF_FORM.exec(text);
    if (eof) {
      expectations.push({
        commentLine: line,
        line: "eof",
        from: 0,
        to: 0,
        severity: eof[1] as Severity,
        code: eof[2]!,
        message: eof[3]!,
      });
      continue;
    }
    if (target === undefined) {
      malformed.push(`${source.path}:${line}: an expectation needs a line above it to point at`);
      continue;
    }
    const caret = CARET_FORM.exec(text);
    if (caret) {
      const from = caret[1]!.length + 1;
      expectations.push({
        commentLine: line,
        line: target,
        from,
        to: from + caret[2]!.length - 1,
        severity: caret[3] as Severity,
        code: caret[4]!,
        message: caret[5]!,
      });
      continue;
    }
    const columns = COLUMN_FORM.exec(text);
    if (columns) {
      const from = Number(columns[1]);
      expectations.push({
        commentLine: line,
        line: target,
        from,
        to: columns[2] === undefined ? from : Number(columns[2]),
        severity: columns[3] as Severity,
        code: columns[4]!,
        message: columns[5]!,
      });
      continue;
    }
    malformed.push(`${source.path}:${line}: cannot read this expectation: ${text.trim()}`);
  }
  return { expectations, malformed };
}

/** The last line holding code (not blank, not only a comment): spans after it are "at end of file". */
function lastCodeLine(source: SourceText): number {
  for (let line = source.lineStarts.length; line >= 1; line--) {
    const text = source.lineText(line).trim();
    if (text !== "" && !text.startsWith("#")) return line;
  }
  return 0;
}

/** What an expectation for `diagnostic` must say: the terminal renderer's underline of its span. */
export function expectationFor(
  diagnostic: Diagnostic,
  source: SourceText,
): Omit<Expectation, "commentLine"> {
  const { span } = diagnostic;
  const base = {
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
  };
  if (span.line > lastCodeLine(source)) return { ...base, line: "eof", from: 0, to: 0 };
  const lineLength = source.lineText(span.line).length;
  const from = Math.min(span.column, lineLength + 1);
  const end =
    span.endLine === span.line ? Math.min(span.endColumn, lineLength + 1) : lineLength + 1;
  return { ...base, line: span.line, from, to: Math.max(from, end - 1) };
}

export function expectationKey(e: Omit<Expectation, "commentLine">): string {
  const where = e.line === "eof" ? "eof" : `${e.line}:${e.from}..${e.to}`;
  return `${where} ${e.severity} ${e.code}: ${e.message}`;
}

/** The comment line that would express `e` in its canonical form, for error messages and for blessing. */
export function expectationComment(e: Omit<Expectation, "commentLine">): string {
  const tail = `${e.severity} ${e.code}: ${e.message}`;
  if (e.line === "eof") return `# [eof] ${tail}`;
  if (e.from >= 3) return `${" ".repeat(e.from - 3)}# ${"^".repeat(e.to - e.from + 1)} ${tail}`;
  if (e.from === 2) return `#${"^".repeat(e.to - e.from + 1)} ${tail}`;
  return `# [${e.from}..${e.to}] ${tail}`;
}

export interface Comparison {
  missing: Expectation[];
  unexpected: Omit<Expectation, "commentLine">[];
}

/** Multiset difference between what the file expects and what the checker reported. */
export function compare(
  expected: readonly Expectation[],
  actual: readonly Omit<Expectation, "commentLine">[],
): Comparison {
  const pending = new Map<string, Expectation[]>();
  for (const e of expected) {
    const key = expectationKey(e);
    pending.set(key, [...(pending.get(key) ?? []), e]);
  }
  const unexpected: Omit<Expectation, "commentLine">[] = [];
  for (const a of actual) {
    const list = pending.get(expectationKey(a));
    if (list && list.length > 0) list.shift();
    else unexpected.push(a);
  }
  return { missing: [...pending.values()].flat(), unexpected };
}

/**
 * The file with its expectation comments replaced by those for `actual`, in canonical
 * form: what `NETC_BLESS=1` writes. Expectations for one line are ordered by column.
 */
export function blessedText(
  source: SourceText,
  actual: readonly Omit<Expectation, "commentLine">[],
): string {
  const byLine = new Map<number | "eof", Omit<Expectation, "commentLine">[]>();
  for (const a of actual) byLine.set(a.line, [...(byLine.get(a.line) ?? []), a]);
  const out: string[] = [];
  const lines = source.text.endsWith("\n")
    ? source.lineStarts.length - 1
    : source.lineStarts.length;
  for (let line = 1; line <= lines; line++) {
    const text = source.lineText(line);
    if (isExpectationLine(text)) continue;
    out.push(text);
    const here = (byLine.get(line) ?? []).sort(
      (a, b) => a.from - b.from || a.to - b.to || a.code.localeCompare(b.code),
    );
    for (const e of here) out.push(expectationComment(e));
  }
  for (const e of byLine.get("eof") ?? []) out.push(expectationComment(e));
  return out.join("\n") + "\n";
}
