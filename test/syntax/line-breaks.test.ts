import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDiagnostics } from "../../src/diagnostics/render-terminal.js";
import { SourceText } from "../../src/diagnostics/span.js";
import { toLspDiagnostic } from "../../src/lsp/convert.js";
import { DocumentPaths } from "../../src/lsp/paths.js";
import { checkProgram, checkText } from "../../src/semantics/index.js";
import { confinedSourceHost, readSourceFile } from "../../src/semantics/source-files.js";
import { formatSource } from "../../src/syntax/format.js";

/**
 * Issue 11, item 8: a file that starts with a UTF-8 byte-order mark was rejected, and a
 * file whose lines end in a lone CR was one long line, so an unclosed brace was reported
 * on the wrong line. Lines now end at LF, CR LF or CR everywhere a line is counted (the
 * lexer, SourceText, the unclosed-bracket fix, the snippet renderer, the LSP ranges).
 */

const unclosed = (eol: string) =>
  [
    "model M {",
    "  input [4]",
    "  dense(10)",
    "",
    "model N {",
    "  input [4]",
    "  dense(10)",
    "}",
    "",
  ].join(eol);

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "netc-line-breaks-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("line breaks: LF, CR LF and a lone CR alike", () => {
  for (const [name, eol] of [
    ["LF", "\n"],
    ["CR LF", "\r\n"],
    ["CR", "\r"],
  ] as const) {
    it(`${name}: an unclosed brace is reported at 1:9, the next model at 5:1, and the fix after line 3`, () => {
      const text = unclosed(eol);
      const { diagnostics } = checkText("u.net", text);
      expect(
        diagnostics.map((d) => ({
          code: d.code,
          at: `${d.span.line}:${d.span.column}`,
          label: d.labels.map((l) => `${l.span.line}:${l.span.column}`),
          help: d.help,
        })),
      ).toEqual([{ code: "NET0104", at: "1:9", label: ["5:1"], help: "add '}' after line 3" }]);
      const fix = diagnostics[0]!.fix!.edits[0]!;
      expect(fix.newText).toBe(`${eol}}`);
      expect(fix.span.line).toBe(3);

      const rendered = renderDiagnostics(diagnostics, {
        color: false,
        sources: new Map([["u.net", new SourceText("u.net", text)]]),
      });
      expect(rendered).toContain("1 | model M {\n");
      expect(rendered).toContain("5 | model N {\n");
      expect(rendered).toContain("3 |   dense(10)\n4 | }\n");
      expect(rendered).not.toContain("\r");

      const lsp = toLspDiagnostic(diagnostics[0]!, new DocumentPaths());
      expect(lsp.range.start).toEqual({ line: 0, character: 8 });
      expect(lsp.relatedInformation?.[0]?.location.range.start).toEqual({
        line: 4,
        character: 0,
      });
    });

    it(`${name}: a well-formed file checks clean and formats to LF`, () => {
      const text = ["model M {", "  input [4]", "  dense(10) -> relu", "}", ""].join(eol);
      expect(checkText("ok.net", text).diagnostics).toEqual([]);
      const formatted = formatSource("ok.net", text);
      expect(formatted.diagnostics).toEqual([]);
      expect(formatted.text).toBe("model M {\n  input [4]\n  dense(10) -> relu\n}\n");
    });
  }

  it("SourceText counts a lone CR as a line break, and CR LF as one", () => {
    const source = new SourceText("s.net", "a\rb\r\nc\nd");
    expect(source.lineStarts).toEqual([0, 2, 5, 7]);
    expect([1, 2, 3, 4].map((line) => source.lineText(line))).toEqual(["a", "b", "c", "d"]);
    expect(source.position(5)).toEqual({ line: 3, column: 1 });
  });
});

describe("a UTF-8 byte-order mark", () => {
  const text = "model M {\n  input [4]\n  dense(10) -> relu\n}\n";
  const bad = "model M {\n  input [4]\n  dense(10, 5.5)\n}\n";

  it("is accepted at the start of text, and ignored", () => {
    expect(checkText("bom.net", `\ufeff${text}`).diagnostics).toEqual([]);
    expect(formatSource("bom.net", `\ufeff${text}`).text).toBe(text);
  });

  it("is dropped when a file is read, so every span is where it is without it", () => {
    const withMark = path.join(work, "bom.net");
    const without = path.join(work, "plain.net");
    writeFileSync(withMark, `\ufeff${bad}`);
    writeFileSync(without, bad);
    expect(readSourceFile(withMark)).toBe(bad);
    const spans = (file: string) =>
      checkProgram(file, confinedSourceHost(work)).diagnostics.map(
        (d) => `${d.code} ${d.span.line}:${d.span.column}-${d.span.endLine}:${d.span.endColumn}`,
      );
    expect(spans(withMark)).toEqual(spans(without));
    expect(spans(withMark).length).toBeGreaterThan(0);
  });

  it("anywhere but the start is still an unexpected character", () => {
    const { diagnostics } = checkText("late.net", `model M {\n  \ufeffinput [4]\n}\n`);
    expect(diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toContain(
      "NET0101 2:3",
    );
  });
});
