import { checkText, type CheckResult } from "../../src/semantics/index.js";

/** Check a one-file program and return "CODE line:col message" lines (plus help), the form the tests compare. */
export function diagnosticsOf(text: string, files: Record<string, string> = {}): string[] {
  return describe(checkText("/m/main.net", text, files));
}

export function describe(result: CheckResult): string[] {
  return result.diagnostics.map(
    (d) =>
      `${d.code} ${d.span.line}:${d.span.column} ${d.message}${d.help ? ` | help: ${d.help}` : ""}`,
  );
}

/** A model with the given body and no train section. */
export function model(body: string, header = "model M"): string {
  return `${header} {\n${body}\n}\n`;
}
