import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
  type TextEdit as LspTextEdit,
} from "vscode-languageserver/node";
import type { Diagnostic, Fix, Severity } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type { DocumentPaths } from "./paths.js";

/**
 * Conversions between netc's spans and diagnostics and the protocol's. Spans carry
 * 1-based lines and columns counted in UTF-16 code units (JavaScript string indices),
 * which is exactly LSP's default position encoding shifted by one.
 */

export function spanToRange(span: Span): Range {
  return {
    start: { line: Math.max(0, span.line - 1), character: Math.max(0, span.column - 1) },
    end: { line: Math.max(0, span.endLine - 1), character: Math.max(0, span.endColumn - 1) },
  };
}

export function rangeContains(range: Range, position: Position): boolean {
  const afterStart =
    position.line > range.start.line ||
    (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line ||
    (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return rangeContains(a, b.start) || rangeContains(a, b.end) || rangeContains(b, a.start);
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** A fix as it travels in a diagnostic's `data`, so a code-action request can apply it without re-checking. */
export interface FixData {
  description: string;
  edits: { uri: string; range: Range; newText: string }[];
}

export interface NetcDiagnosticData {
  fix?: FixData;
}

export function fixToData(fix: Fix, paths: DocumentPaths): FixData {
  return {
    description: fix.description,
    edits: fix.edits.map((edit) => ({
      uri: paths.uriOf(edit.span.file),
      range: spanToRange(edit.span),
      newText: edit.newText,
    })),
  };
}

/**
 * One netc Diagnostic as the protocol's: code, severity, range, secondary spans as
 * related information, and the help line and notes appended to the message (editors
 * show the message only, so text kept elsewhere would never be seen).
 */
export function toLspDiagnostic(diagnostic: Diagnostic, paths: DocumentPaths): LspDiagnostic {
  const lines = [diagnostic.message];
  for (const note of diagnostic.notes) lines.push(`note: ${note}`);
  if (diagnostic.help !== undefined) lines.push(`help: ${diagnostic.help}`);
  const relatedInformation: DiagnosticRelatedInformation[] = diagnostic.labels.map((label) => ({
    location: { uri: paths.uriOf(label.span.file), range: spanToRange(label.span) },
    message: label.message,
  }));
  const converted: LspDiagnostic = {
    range: spanToRange(diagnostic.span),
    severity: severities[diagnostic.severity],
    code: diagnostic.code,
    source: "netc",
    message: lines.join("\n"),
  };
  if (relatedInformation.length > 0) converted.relatedInformation = relatedInformation;
  if (diagnostic.fix !== undefined) {
    const data: NetcDiagnosticData = { fix: fixToData(diagnostic.fix, paths) };
    converted.data = data;
  }
  return converted;
}

export function toLspTextEdits(fix: FixData, uri: string): LspTextEdit[] {
  return fix.edits
    .filter((edit) => edit.uri === uri)
    .map(({ range, newText }) => ({ range, newText }));
}
