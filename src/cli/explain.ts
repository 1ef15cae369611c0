import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic, TextEdit } from "../diagnostics/diagnostic.js";
import { allDiagnosticDefinitions, type DiagnosticDefinition } from "../diagnostics/messages.js";
import { renderDiagnostics } from "../diagnostics/render-terminal.js";
import { readSourceFile } from "../semantics/source-files.js";
import { checkWithHost } from "./frontend.js";

/**
 * `netc explain NETnnnn`: what a diagnostic means, an example that triggers it and what
 * netc says about it, and the example fixed where the diagnostic carries a fix. The
 * examples are the golden test fixtures (test/fixtures/diagnostics/netNNNN-*.net), so they
 * are checked by the test suite and cannot drift from what netc really reports; their
 * expectation comments (`# ^^^ error …`, test notation) are left out of what is shown.
 */

/** Two levels up from both src/cli/ and dist/cli/ is the package root. */
const fixturesDir = fileURLToPath(new URL("../../test/fixtures/diagnostics/", import.meta.url));

const EXPECTATION_LINE = /^\s*#\s*(\^|\[(\d|eof))/;

export function findDefinition(code: string): DiagnosticDefinition | undefined {
  const wanted = code.trim().toUpperCase();
  const normalised = /^\d+$/.test(wanted) ? `NET${wanted.padStart(4, "0")}` : wanted;
  return allDiagnosticDefinitions.find((d) => d.code === normalised);
}

export interface Explanation {
  definition: DiagnosticDefinition;
  /** The example file's name and text (expectation comments removed), if there is one. */
  example?: { name: string; text: string; rendered: string; fixed?: string };
}

export function explain(definition: DiagnosticDefinition, dir = fixturesDir): Explanation {
  const name = existsSync(dir)
    ? readdirSync(dir).find(
        (f) => f.startsWith(`${definition.code.toLowerCase()}-`) && f.endsWith(".net"),
      )
    : undefined;
  if (name === undefined) return { definition };
  const file = path.join(dir, name);
  const text = stripExpectations(readFileSync(file, "utf8"));
  // Imports resolve against the real folder, with every file's expectations left out too.
  const checked = checkWithHost(file, (p) => {
    const content = p === file ? text : readSourceFile(p, dir);
    return typeof content === "string" ? stripExpectations(content) : content;
  });
  const mine = checked.diagnostics.filter((d) => d.code === definition.code);
  const rendered = renderDiagnostics(mine, {
    color: false,
    sources: checked.sources,
    displayPath: (f) => path.basename(f),
  });
  const withFix = mine.find((d) => d.fix !== undefined && d.span.file === file);
  const example: Explanation["example"] = { name, text, rendered };
  if (withFix !== undefined) example.fixed = applyEdits(text, withFix);
  return { definition, example };
}

export function renderExplanation({ definition, example }: Explanation): string {
  const lines = [
    `${definition.code} (${definition.severity}): ${definition.summary}`,
    "",
    `Message: ${definition.message.replace(/\{\d+\}/g, "…")}`,
  ];
  if (example === undefined) {
    lines.push("", "(no example is available for this code)");
    return `${lines.join("\n")}\n`;
  }
  lines.push(
    "",
    `Example (${example.name}):`,
    "",
    indent(example.text),
    "",
    "netc reports:",
    "",
    indent(example.rendered),
  );
  if (example.fixed !== undefined)
    lines.push("", "With the suggested fix applied:", "", indent(example.fixed));
  return `${lines.join("\n")}\n`;
}

function stripExpectations(text: string): string {
  return text
    .split("\n")
    .filter((line) => !EXPECTATION_LINE.test(line))
    .join("\n");
}

/** The text with the diagnostic's fix applied (edits from last to first, so offsets stay valid). */
function applyEdits(text: string, diagnostic: Diagnostic): string {
  const edits: TextEdit[] = [...diagnostic.fix!.edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const edit of edits)
    out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}

function indent(text: string): string {
  return text
    .replace(/\n+$/, "")
    .split("\n")
    .map((line) => (line.length > 0 ? `    ${line}` : ""))
    .join("\n");
}
