import picocolors from "picocolors";
import type { Diagnostic, Severity } from "./diagnostic.js";
import { SourceText, type Span } from "./span.js";
import {
  type Annotation,
  type Colors,
  type SnippetStyle,
  gutterWidth,
  renderAnnotatedLines,
  renderPatchedLines,
} from "./render-snippet.js";

/**
 * The terminal renderer, in the manner of rustc and Elm:
 *
 *   error[NET0301]: conv2d: output width (28 − 5 + 2·0)/2 + 1 = 12.5 is not a whole number
 *    --> models/bad.net:4:3
 *     |
 *   4 |   conv2d(6, 5, stride=2)
 *     |   ^^^^^^^^^^^^^^^^^^^^^^
 *     |
 *     = help: pad = 1 or stride = 1 would fit
 *
 * Detection never formats text; this module only lays diagnostics out. Colour is an
 * explicit option so output is deterministic in tests; `shouldUseColor` decides it for
 * a real stream.
 */

export interface TerminalRenderOptions {
  color: boolean;
  /** The source text of each file, to print the annotated lines. Files missing here are shown by position only. */
  sources: ReadonlyMap<string, SourceText>;
  /** How a span's file is shown (e.g. relative to the working directory). Defaults to the path as stored. */
  displayPath?: (file: string) => string;
}

/** Colour on a TTY unless NO_COLOR is set (any value, per no-color.org); FORCE_COLOR forces it on (or off with "0"). */
export function shouldUseColor(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return stream.isTTY === true;
}

function severityPaint(colors: Colors, severity: Severity): (text: string) => string {
  switch (severity) {
    case "error":
      return (t) => colors.red(colors.bold(t));
    case "warning":
      return (t) => colors.yellow(colors.bold(t));
    case "info":
      return (t) => colors.cyan(colors.bold(t));
  }
}

function location(span: Span, displayPath: (file: string) => string): string {
  return `${displayPath(span.file)}:${span.line}:${span.column}`;
}

/** Annotations grouped by file, the primary span's file first, the others in order of appearance. */
function groupByFile(annotations: readonly Annotation[]): Map<string, Annotation[]> {
  const groups = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const list = groups.get(a.span.file) ?? [];
    list.push(a);
    groups.set(a.span.file, list);
  }
  return groups;
}

/** One diagnostic, without a trailing newline. */
/**
 * The text of a file as the renderer may show it: only .net sources (never the content of
 * another file a span may point into), with control characters (a terminal would obey
 * escape sequences) and bidirectional overrides shown as U+FFFD, one code unit for one so
 * that columns stay right.
 */
function shownSource(
  sources: ReadonlyMap<string, SourceText>,
  file: string,
): SourceText | undefined {
  const source = file.endsWith(".net") ? sources.get(file) : undefined;
  if (source === undefined || !UNSAFE_FOR_TERMINAL.test(source.text)) return source;
  return new SourceText(source.path, terminalSafe(source.text));
}

const UNSAFE_FOR_TERMINAL =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Text with what a terminal would interpret (escape sequences, bidi overrides) replaced by U+FFFD. */
function terminalSafe(text: string): string {
  return text.replace(new RegExp(UNSAFE_FOR_TERMINAL.source, "g"), "\ufffd");
}

export function renderDiagnostic(diagnostic: Diagnostic, options: TerminalRenderOptions): string {
  return renderSafeDiagnostic(
    {
      ...diagnostic,
      message: terminalSafe(diagnostic.message),
      notes: diagnostic.notes.map(terminalSafe),
      ...(diagnostic.help !== undefined ? { help: terminalSafe(diagnostic.help) } : {}),
      labels: diagnostic.labels.map((label) => ({
        ...label,
        message: terminalSafe(label.message),
      })),
    },
    options,
  );
}

function renderSafeDiagnostic(diagnostic: Diagnostic, options: TerminalRenderOptions): string {
  const colors = picocolors.createColors(options.color);
  const displayPath = options.displayPath ?? ((file: string) => file);
  const paint = severityPaint(colors, diagnostic.severity);
  const style: SnippetStyle = { colors, primary: paint };

  const annotations: Annotation[] = [
    { span: diagnostic.span, primary: true },
    ...diagnostic.labels.map((label) => ({
      span: label.span,
      message: label.message,
      primary: false,
    })),
  ];
  const fixEdits = diagnostic.fix?.edits ?? [];
  const width = gutterWidth([
    ...annotations.map((a) => a.span.line),
    ...fixEdits.map((e) => e.span.endLine),
  ]);
  const pad = " ".repeat(width);
  const bar = colors.blue(colors.bold(`${pad} |`));
  const arrowColor = (t: string) => colors.blue(colors.bold(t));

  const out: string[] = [];
  out.push(
    `${paint(`${diagnostic.severity}[${diagnostic.code}]`)}${colors.bold(`: ${diagnostic.message}`)}`,
  );

  let first = true;
  for (const [file, group] of groupByFile(annotations)) {
    const lead = group.find((a) => a.primary) ?? group[0]!;
    out.push(`${pad}${arrowColor(first ? "--> " : "::: ")}${location(lead.span, displayPath)}`);
    first = false;
    const source = shownSource(options.sources, file);
    if (!source) {
      // Without the text we can still say what each label points at.
      for (const a of group)
        if (a.message)
          out.push(`${pad} ${arrowColor("=")} ${location(a.span, displayPath)}: ${a.message}`);
      continue;
    }
    out.push(bar);
    out.push(...renderAnnotatedLines(source, group, width, style));
  }

  const trailers: string[] = [
    ...diagnostic.notes.map((note) => `${pad} ${arrowColor("=")} ${colors.bold("note")}: ${note}`),
    ...(diagnostic.help !== undefined
      ? [`${pad} ${arrowColor("=")} ${colors.bold("help")}: ${diagnostic.help}`]
      : []),
  ];
  if (trailers.length > 0) out.push(bar, ...trailers);

  if (diagnostic.fix) {
    const description = diagnostic.fix.description;
    out.push(
      `${colors.cyan(colors.bold("help"))}${colors.bold(": try")}${description ? `: ${description}` : ""}`,
    );
    const editsByFile = new Map<string, typeof fixEdits>();
    for (const edit of fixEdits)
      editsByFile.set(edit.span.file, [...(editsByFile.get(edit.span.file) ?? []), edit]);
    for (const [file, edits] of editsByFile) {
      const source = shownSource(options.sources, file);
      if (file !== diagnostic.span.file || !source) {
        out.push(`${pad}${arrowColor("::: ")}${location(edits[0]!.span, displayPath)}`);
      }
      if (!source) {
        for (const e of edits)
          out.push(
            `${pad} ${arrowColor("=")} ${location(e.span, displayPath)}: write ${JSON.stringify(e.newText)}`,
          );
        continue;
      }
      out.push(bar);
      out.push(...renderPatchedLines(source, edits, width, { colors, primary: paint }));
    }
  }
  return out.join("\n");
}

export interface SeverityCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countSeverities(diagnostics: readonly Diagnostic[]): SeverityCounts {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.severity === "error") counts.errors++;
    else if (d.severity === "warning") counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `error: 3 errors, 1 warning emitted`; an empty string when there is nothing to count. */
export function renderSummaryLine(diagnostics: readonly Diagnostic[], color: boolean): string {
  const colors = picocolors.createColors(color);
  const { errors, warnings, infos } = countSeverities(diagnostics);
  const parts = [
    ...(errors > 0 ? [plural(errors, "error")] : []),
    ...(warnings > 0 ? [plural(warnings, "warning")] : []),
    ...(infos > 0 ? [plural(infos, "note")] : []),
  ];
  if (parts.length === 0) return "";
  const severity: Severity = errors > 0 ? "error" : warnings > 0 ? "warning" : "info";
  return `${severityPaint(colors, severity)(severity)}${colors.bold(`: ${parts.join(", ")} emitted`)}`;
}

/** All diagnostics, separated by blank lines, followed by the summary line; ends with a newline when non-empty. */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  options: TerminalRenderOptions,
): string {
  if (diagnostics.length === 0) return "";
  const blocks = diagnostics.map((d) => renderDiagnostic(d, options));
  return `${blocks.join("\n\n")}\n\n${renderSummaryLine(diagnostics, options.color)}\n`;
}
