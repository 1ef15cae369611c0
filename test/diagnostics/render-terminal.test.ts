import { describe, expect, it } from "vitest";
import { createDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { Diagnostics } from "../../src/diagnostics/messages.js";
import { renderJson } from "../../src/diagnostics/render-json.js";
import {
  renderDiagnostic,
  renderDiagnostics,
  renderSummaryLine,
  shouldUseColor,
} from "../../src/diagnostics/render-terminal.js";
import { SourceText } from "../../src/diagnostics/span.js";

// Synthetic diagnostics, so the layout is tested independently of the checker's wording.
const text = [
  "model M {",
  "  input [1, 28, 28]",
  "  conv2d(6, 5, stride=2)",
  "\tdense(10)",
  "  relu",
  "  residual {",
  "    relu",
  "  }",
  "}",
  "",
].join("\n");
const source = new SourceText("m.net", text);
const sources = new Map([["m.net", source]]);
const at = (needle: string, length = needle.length) => {
  const start = text.indexOf(needle);
  return source.span(start, start + length);
};

const nonWhole = createDiagnostic(
  Diagnostics.NonWholeOutputSize,
  at("2)", 1),
  ["conv2d", "width", "(28 − 5 + 2·0)/2 + 1 = 12.5"],
  {
    labels: [{ span: at("input [1, 28, 28]"), message: "the input is declared here" }],
    notes: ["add `option rounding = floor` to round down"],
    help: "values that fit: pad = 1 (gives 13)",
  },
);
const denseFix = createDiagnostic(Diagnostics.DenseOnNonFlat, at("dense(10)"), ["[6, 12, 12]"], {
  fix: {
    description: "insert `flatten ->` before dense",
    edits: [{ span: at("dense", 0), newText: "flatten -> " }],
  },
});
const residual = createDiagnostic(
  Diagnostics.ResidualMismatch,
  source.span(text.indexOf("residual"), text.indexOf("  }\n}") + 3),
  ["[1]", "[2]"],
);

describe("terminal renderer", () => {
  it("shows the location, the gutter, carets under the primary span, labels, notes and help", () => {
    expect(renderDiagnostic(nonWhole, { color: false, sources })).toBe(
      [
        "error[NET0301]: conv2d: output width (28 − 5 + 2·0)/2 + 1 = 12.5 is not a whole number",
        " --> m.net:3:23",
        "  |",
        "2 |   input [1, 28, 28]",
        "  |   ----------------- the input is declared here",
        "3 |   conv2d(6, 5, stride=2)",
        "  |                       ^",
        "  |",
        "  = note: add `option rounding = floor` to round down",
        "  = help: values that fit: pad = 1 (gives 13)",
      ].join("\n"),
    );
  });

  it("expands tabs consistently in the line and the carets, and shows a fix as the patched line", () => {
    expect(renderDiagnostic(denseFix, { color: false, sources })).toBe(
      [
        "error[NET0303]: dense expects a flat input, found [6, 12, 12]",
        " --> m.net:4:2",
        "  |",
        "4 |     dense(10)",
        "  |     ^^^^^^^^^",
        "help: try: insert `flatten ->` before dense",
        "  |",
        "4 |     flatten -> dense(10)",
        "  |     +++++++++++",
      ].join("\n"),
    );
  });

  it("underlines a multi-line span from its start to the end of its first line", () => {
    const lines = renderDiagnostic(residual, { color: false, sources }).split("\n");
    expect(lines.slice(3)).toEqual(["6 |   residual {", "  |   ^^^^^^^^^^"]);
  });

  it("elides long gaps between annotated lines and widens the gutter for two-digit lines", () => {
    const long = new SourceText(
      "l.net",
      Array.from({ length: 12 }, (_, i) => `line${i + 1}`).join("\n"),
    );
    const d = createDiagnostic(
      Diagnostics.UnknownLayer,
      long.span(long.lineStarts[11]!, long.lineStarts[11]! + 6),
      ["line12"],
      {
        labels: [{ span: long.span(0, 5), message: "first" }],
      },
    );
    expect(
      renderDiagnostic(d, { color: false, sources: new Map([["l.net", long]]) }).split("\n"),
    ).toEqual([
      "error[NET0201]: unknown layer 'line12'",
      "  --> l.net:12:1",
      "   |",
      " 1 | line1",
      "   | ----- first",
      "...",
      "12 | line12",
      "   | ^^^^^^",
    ]);
  });

  it("shows labels in another file under a ::: header", () => {
    const other = new SourceText("b.net", "block b(n) {\n  dense(n)\n}\n");
    const d = createDiagnostic(Diagnostics.DuplicateDefinition, at("M"), ["M"], {
      labels: [{ span: other.span(6, 7), message: "first defined here" }],
    });
    const out = renderDiagnostic(d, {
      color: false,
      sources: new Map([...sources, ["b.net", other]]),
    }).split("\n");
    expect(out.slice(5)).toEqual([
      " ::: b.net:1:7",
      "  |",
      "1 | block b(n) {",
      "  |       - first defined here",
    ]);
  });

  it("shows paths through displayPath and still locates a diagnostic whose source is unknown", () => {
    const d = createDiagnostic(Diagnostics.ImportNotFound, { ...at("M"), file: "/abs/x.net" }, [
      "y.net",
      "no such file",
    ]);
    expect(
      renderDiagnostic(d, { color: false, sources, displayPath: (f) => f.replace("/abs/", "") }),
    ).toBe("error[NET0601]: cannot read imported file 'y.net': no such file\n --> x.net:1:7");
  });

  it("ends with a summary line counting errors and warnings", () => {
    const warning = createDiagnostic(Diagnostics.DropoutLast, at("relu"));
    expect(renderSummaryLine([nonWhole, denseFix, residual, warning], false)).toBe(
      "error: 3 errors, 1 warning emitted",
    );
    expect(renderSummaryLine([warning], false)).toBe("warning: 1 warning emitted");
    expect(renderSummaryLine([], false)).toBe("");
    const all = renderDiagnostics([warning, nonWhole], { color: false, sources });
    expect(all.endsWith("\n\nerror: 1 error, 1 warning emitted\n")).toBe(true);
    expect(all.startsWith("warning[NET0502]: dropout is the last layer\n")).toBe(true);
  });

  it("colours only when asked: red carets and header for errors, blue gutter", () => {
    const coloured = renderDiagnostic(nonWhole, { color: true, sources });
    expect(coloured).toContain("\u001b[31m\u001b[1merror[NET0301]\u001b[22m\u001b[39m");
    expect(coloured).toContain("\u001b[31m\u001b[1m^\u001b[22m\u001b[39m");
    expect(coloured).toContain("\u001b[34m\u001b[1m3 |\u001b[22m\u001b[39m");
    // Stripping the escapes gives exactly the plain rendering.
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(
      renderDiagnostic(nonWhole, { color: false, sources }),
    );
    expect(renderDiagnostic(nonWhole, { color: false, sources })).not.toContain("\u001b[");
  });

  it("decides colour from the stream and the environment", () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
    expect(shouldUseColor({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(false);
  });
});

describe("JSON renderer", () => {
  it("writes 1-based, end-exclusive positions and only the optional keys that have content", () => {
    const doc = JSON.parse(renderJson([nonWhole, denseFix]));
    expect(doc.diagnostics[0]).toEqual({
      code: "NET0301",
      severity: "error",
      message: "conv2d: output width (28 − 5 + 2·0)/2 + 1 = 12.5 is not a whole number",
      file: "m.net",
      line: 3,
      column: 23,
      endLine: 3,
      endColumn: 24,
      help: "values that fit: pad = 1 (gives 13)",
      notes: ["add `option rounding = floor` to round down"],
      labels: [
        {
          file: "m.net",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 20,
          message: "the input is declared here",
        },
      ],
    });
    expect(doc.diagnostics[1]).toEqual({
      code: "NET0303",
      severity: "error",
      message: "dense expects a flat input, found [6, 12, 12]",
      file: "m.net",
      line: 4,
      column: 2,
      endLine: 4,
      endColumn: 11,
      fix: {
        description: "insert `flatten ->` before dense",
        edits: [
          { file: "m.net", line: 4, column: 2, endLine: 4, endColumn: 2, newText: "flatten -> " },
        ],
      },
    });
  });
});
