import type { Diagnostic, Severity } from "./diagnostic.js";
import type { Span } from "./span.js";

/**
 * The JSON renderer, for tools and scripts:
 *
 *   {"diagnostics":[{"code","severity","message","file","line","column","endLine","endColumn",
 *                    "help"?,"notes"?,"labels"?,"fix"?}]}
 *
 * Lines and columns are 1-based and the end is exclusive, as in span.ts. Optional keys
 * are left out (not null) when empty, so the common case stays short.
 */

export interface JsonRange {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonLabel extends JsonRange {
  message: string;
}

export interface JsonEdit extends JsonRange {
  newText: string;
}

export interface JsonDiagnostic extends JsonRange {
  code: string;
  severity: Severity;
  message: string;
  help?: string;
  notes?: string[];
  labels?: JsonLabel[];
  fix?: { description: string; edits: JsonEdit[] };
}

export interface JsonRenderOptions {
  /** How a span's file is written (e.g. relative to the working directory). Defaults to the path as stored. */
  displayPath?: (file: string) => string;
}

function range(span: Span, displayPath: (file: string) => string): JsonRange {
  return {
    file: displayPath(span.file),
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
  };
}

export function diagnosticToJson(
  diagnostic: Diagnostic,
  options: JsonRenderOptions = {},
): JsonDiagnostic {
  const displayPath = options.displayPath ?? ((file: string) => file);
  const json: JsonDiagnostic = {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    ...range(diagnostic.span, displayPath),
  };
  if (diagnostic.help !== undefined) json.help = diagnostic.help;
  if (diagnostic.notes.length > 0) json.notes = [...diagnostic.notes];
  if (diagnostic.labels.length > 0) {
    json.labels = diagnostic.labels.map((label) => ({
      ...range(label.span, displayPath),
      message: label.message,
    }));
  }
  if (diagnostic.fix) {
    json.fix = {
      description: diagnostic.fix.description,
      edits: diagnostic.fix.edits.map((edit) => ({
        ...range(edit.span, displayPath),
        newText: edit.newText,
      })),
    };
  }
  return json;
}

/** The whole document, pretty-printed with a trailing newline. */
export function renderJson(
  diagnostics: readonly Diagnostic[],
  options: JsonRenderOptions = {},
): string {
  return (
    JSON.stringify({ diagnostics: diagnostics.map((d) => diagnosticToJson(d, options)) }, null, 2) +
    "\n"
  );
}
