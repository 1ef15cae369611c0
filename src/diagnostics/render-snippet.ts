import type picocolors from "picocolors";
import type { TextEdit } from "./diagnostic.js";
import type { SourceText, Span } from "./span.js";

/**
 * Drawing of annotated source excerpts for the terminal renderer: a line-number gutter,
 * the source lines, and underline rows (`^^^` for the primary span, `---` for labels).
 * Kept apart from render-terminal.ts so the layout rules can be read on their own.
 */

/** Tabs are shown as this many spaces, and carets are placed with the same rule. */
const TAB_WIDTH = 4;

/** A palette from picocolors; `createColors(false)` gives one that paints nothing. */
export type Colors = ReturnType<typeof picocolors.createColors>;

export interface Annotation {
  span: Span;
  message?: string;
  primary: boolean;
}

export interface SnippetStyle {
  colors: Colors;
  /** Paints the primary underline (red for errors, yellow for warnings, …). */
  primary: (text: string) => string;
}

/** Width of `text` on a terminal: code points, with tabs expanded (wide CJK characters are not special-cased). */
export function visualWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch === "\t" ? TAB_WIDTH : 1;
  return width;
}

export function expandTabs(text: string): string {
  return text.replace(/\t/g, " ".repeat(TAB_WIDTH));
}

/** Number of characters of the gutter (the widest line number that will be printed). */
export function gutterWidth(lines: readonly number[]): number {
  return Math.max(1, ...lines.map((line) => String(line).length));
}

function gutter(width: number, style: SnippetStyle, line?: number): string {
  const label = line === undefined ? " ".repeat(width) : String(line).padStart(width);
  return style.colors.blue(style.colors.bold(`${label} |`));
}

/** The 0-based [from, to) character range the annotation underlines on its first line. */
function underlineRange(source: SourceText, span: Span): { from: number; to: number } {
  const text = source.lineText(span.line);
  const from = Math.min(span.column - 1, text.length);
  const to = span.endLine === span.line ? Math.min(span.endColumn - 1, text.length) : text.length;
  return { from, to: Math.max(from, to) };
}

function underlineRow(
  source: SourceText,
  annotation: Annotation,
  width: number,
  style: SnippetStyle,
): string {
  const text = source.lineText(annotation.span.line);
  const { from, to } = underlineRange(source, annotation.span);
  const indent = " ".repeat(visualWidth(text.slice(0, from)));
  const count = Math.max(1, visualWidth(text.slice(from, to)));
  const paint = annotation.primary
    ? style.primary
    : (s: string) => style.colors.blue(style.colors.bold(s));
  const marks = paint((annotation.primary ? "^" : "-").repeat(count));
  const message = annotation.message ? " " + paint(annotation.message) : "";
  return `${gutter(width, style)} ${indent}${marks}${message}`;
}

/**
 * The excerpt for annotations that all lie in `source`: every annotated line once, in
 * order, each followed by its underline rows (primary first, then labels left to
 * right). A gap of one line is shown; longer gaps are elided as `...`.
 */
export function renderAnnotatedLines(
  source: SourceText,
  annotations: readonly Annotation[],
  width: number,
  style: SnippetStyle,
): string[] {
  const byLine = new Map<number, Annotation[]>();
  for (const a of annotations) {
    const list = byLine.get(a.span.line) ?? [];
    list.push(a);
    byLine.set(a.span.line, list);
  }
  const lines = [...byLine.keys()].sort((a, b) => a - b);
  const out: string[] = [];
  let previous: number | undefined;
  for (const line of lines) {
    if (previous !== undefined && line - previous === 2) {
      out.push(
        `${gutter(width, style, previous + 1)} ${expandTabs(source.lineText(previous + 1))}`.trimEnd(),
      );
    } else if (previous !== undefined && line - previous > 2) {
      out.push(style.colors.blue(style.colors.bold("...")));
    }
    out.push(`${gutter(width, style, line)} ${expandTabs(source.lineText(line))}`.trimEnd());
    const rows = byLine
      .get(line)!
      .sort((a, b) => Number(b.primary) - Number(a.primary) || a.span.column - b.span.column);
    for (const annotation of rows) out.push(underlineRow(source, annotation, width, style));
    previous = line;
  }
  return out;
}

/**
 * The lines a fix produces, numbered as the original lines they replace. Edits that
 * stay on one line and insert no line break are marked under the new text (`+` for an
 * insertion, `~` for a replacement); multi-line results are shown without marks.
 */
export function renderPatchedLines(
  source: SourceText,
  edits: readonly TextEdit[],
  width: number,
  style: SnippetStyle,
): string[] {
  if (edits.length === 0) return [];
  const firstLine = Math.min(...edits.map((e) => e.span.line));
  const lastLine = Math.max(...edits.map((e) => e.span.endLine));
  const regionStart = source.lineStarts[firstLine - 1] ?? source.text.length;
  const regionEnd = regionStart + lineRangeLength(source, firstLine, lastLine);
  const ordered = [...edits].sort((a, b) => a.span.start - b.span.start);

  // Rebuild the region left to right, remembering where each new text lands.
  let patched = "";
  let cursor = regionStart;
  const marks: { from: number; to: number; insertion: boolean }[] = [];
  for (const edit of ordered) {
    const start = Math.max(cursor, Math.min(edit.span.start, regionEnd));
    patched += source.text.slice(cursor, start);
    marks.push({
      from: patched.length,
      to: patched.length + edit.newText.length,
      insertion: edit.span.start === edit.span.end,
    });
    patched += edit.newText;
    cursor = Math.max(start, Math.min(edit.span.end, regionEnd));
  }
  patched += source.text.slice(cursor, regionEnd);

  const patchedLines = patched.split(/\r\n|\r|\n/);
  const out = patchedLines.map((text, i) =>
    `${gutter(width, style, firstLine + i)} ${expandTabs(text)}`.trimEnd(),
  );
  if (patchedLines.length === 1) {
    const row = Array.from({ length: visualWidth(patched) }, () => " ");
    for (const mark of marks) {
      const from = visualWidth(patched.slice(0, mark.from));
      const to = visualWidth(patched.slice(0, mark.to));
      for (let i = from; i < to; i++) row[i] = mark.insertion ? "+" : "~";
    }
    const underline = row.join("").trimEnd();
    if (underline.length > 0) {
      out.push(
        `${gutter(width, style)} ${underline.replace(/[+~]+/g, (m) => style.colors.green(m))}`,
      );
    }
  }
  return out;
}

/** Characters from the start of `firstLine` to the end of `lastLine`, without its line break. */
function lineRangeLength(source: SourceText, firstLine: number, lastLine: number): number {
  const start = source.lineStarts[firstLine - 1] ?? source.text.length;
  const next = source.lineStarts[lastLine];
  let end = next === undefined ? source.text.length : next - 1;
  if (end > start && source.text[end - 1] === "\r") end -= 1;
  return Math.max(0, end - start);
}
