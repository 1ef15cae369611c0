import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceText } from "../diagnostics/span.js";
import { renderJson } from "../diagnostics/render-json.js";
import { renderDiagnostics, shouldUseColor } from "../diagnostics/render-terminal.js";
import type { CliContext, OutputStream } from "./context.js";
import { displayPathFrom } from "./files.js";

export type OutputFormat = "text" | "json";
export const outputFormats: readonly OutputFormat[] = ["text", "json"];

/** Diagnostics as the user asked for them: rendered for a terminal, or as the JSON document. */
export function writeDiagnostics(
  ctx: CliContext,
  stream: OutputStream,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceText>,
  format: OutputFormat,
): void {
  const displayPath = displayPathFrom(ctx.cwd);
  if (format === "json") {
    stream.write(renderJson(diagnostics, { displayPath }));
    return;
  }
  const color = shouldUseColor(stream, ctx.env);
  stream.write(renderDiagnostics(diagnostics, { color, sources, displayPath }));
}

/** One copy of each diagnostic: files checked together may import the same file. */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.span.file}\u0000${d.span.start}\u0000${d.span.end}\u0000${d.code}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
