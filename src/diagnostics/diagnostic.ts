import type { Span } from "./span.js";
import type { DiagnosticDefinition } from "./messages.js";

export type Severity = "error" | "warning" | "info";

/** A secondary span with a short label, e.g. "the shortcut produces [64, 16, 16] here". */
export interface Label {
  span: Span;
  message: string;
}

/** A text edit: replace the text of `span` with `newText` (an insertion has start === end). */
export interface TextEdit {
  span: Span;
  newText: string;
}

/** A machine-applicable suggestion: the editor's code action, the terminal's "help: try". */
export interface Fix {
  description: string;
  edits: TextEdit[];
}

/**
 * The one diagnostic type. Every pass produces these; the terminal renderer, the JSON
 * renderer and the language server all consume them. Nothing in the pipeline throws
 * on user input.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  labels: Label[];
  notes: string[];
  help?: string;
  fix?: Fix;
}

export interface DiagnosticExtras {
  labels?: Label[];
  notes?: string[];
  help?: string;
  fix?: Fix;
}

/** Fill a definition's message template: `{0}`, `{1}`, … are replaced by `args`. */
export function formatMessage(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? `{${i}}`));
}

export function createDiagnostic(
  definition: DiagnosticDefinition,
  span: Span,
  args: readonly (string | number)[] = [],
  extras: DiagnosticExtras = {},
): Diagnostic {
  const diagnostic: Diagnostic = {
    code: definition.code,
    severity: definition.severity,
    message: formatMessage(definition.message, args),
    span,
    labels: extras.labels ?? [],
    notes: extras.notes ?? [],
  };
  if (extras.help !== undefined) diagnostic.help = extras.help;
  if (extras.fix !== undefined) diagnostic.fix = extras.fix;
  return diagnostic;
}

/** Collects diagnostics for one pass; passes never throw on user input. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  report(
    definition: DiagnosticDefinition,
    span: Span,
    args: readonly (string | number)[] = [],
    extras: DiagnosticExtras = {},
  ): Diagnostic {
    const d = createDiagnostic(definition, span, args, extras);
    this.items.push(d);
    return d;
  }

  add(...diagnostics: Diagnostic[]): void {
    this.items.push(...diagnostics);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Stable order for output: by file, then position, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.span.file.localeCompare(b.span.file) ||
      a.span.start - b.span.start ||
      a.code.localeCompare(b.code),
  );
}
