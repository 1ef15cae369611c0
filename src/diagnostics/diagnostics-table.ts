import { allDiagnosticDefinitions } from "./messages.js";

/**
 * docs/diagnostics.md: every diagnostic netc reports, as a Markdown table generated from
 * messages.ts (`npm run docs`; a test keeps the committed file in sync).
 */
export function diagnosticsMarkdown(): string {
  const escape = (text: string) => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|");
  const rows = allDiagnosticDefinitions.map(
    (d) =>
      `| ${d.code} | ${d.severity} | ${escape(d.summary)} | ${escape(d.message.replace(/\{\d+\}/g, "…"))} |`,
  );
  return [
    "# Diagnostics",
    "",
    "Every diagnostic netc reports, with its stable code. `netc explain CODE` shows an example of each and, where netc can fix it, the fix.",
    "",
    "Codes: NET01xx syntax, NET02xx names, arguments and values, NET03xx shapes, NET04xx the train section and data, NET05xx likely mistakes that still run, NET06xx imports and files.",
    "",
    "<!-- Generated from src/diagnostics/messages.ts by `npm run docs`; do not edit by hand. -->",
    "",
    "| Code | Severity | Summary | Message |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
