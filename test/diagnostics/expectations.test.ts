import { describe, expect, it } from "vitest";
import { createDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { Diagnostics } from "../../src/diagnostics/messages.js";
import { SourceText } from "../../src/diagnostics/span.js";
import { blessedText, compare, expectationFor, parseExpectations } from "./expectations.js";

// The golden harness is only as good as its reading of the expectation comments.
const text = [
  "model M {", //                                                     1
  "  conv2d(6, 5, stride=2)", //                                      2
  "  #" + " ".repeat(19) + "^ error NET0301: the message", //       3 (caret in column 23, under the "2")
  "  # ^^^^^^ warning NET0502: second, same line", //                 4
  "input [4]", //                                                     5
  "# [1..5] error NET0218: at column one", //                         6
  "}", //                                                             7
  "# [eof] error NET0102: expected '}', found end of file", //       8
  "#^^ error bad", //                                                 9
].join("\n");
const source = new SourceText("f.net", text);

describe("parseExpectations", () => {
  const { expectations, malformed } = parseExpectations(source);

  it("reads caret columns against the nearest code line above", () => {
    expect(expectations[0]).toEqual({
      commentLine: 3,
      line: 2,
      from: 23,
      to: 23,
      severity: "error",
      code: "NET0301",
      message: "the message",
    });
    expect(expectations[1]).toMatchObject({
      line: 2,
      from: 5,
      to: 10,
      severity: "warning",
      code: "NET0502",
      message: "second, same line",
    });
  });

  it("reads explicit columns and end-of-file expectations", () => {
    expect(expectations[2]).toMatchObject({
      line: 5,
      from: 1,
      to: 5,
      code: "NET0218",
      message: "at column one",
    });
    expect(expectations[3]).toMatchObject({
      line: "eof",
      code: "NET0102",
      message: "expected '}', found end of file",
    });
  });

  it("reports a comment that looks like an expectation but does not parse", () => {
    expect(malformed).toEqual(["f.net:9: cannot read this expectation: #^^ error bad"]);
  });
});

describe("expectationFor and compare", () => {
  const at = (start: number, end: number) => source.span(start, end);
  const stride = text.indexOf("2)");

  it("turns a diagnostic into the columns its carets occupy", () => {
    const d = createDiagnostic(Diagnostics.NonWholeOutputSize, at(stride, stride + 1), [
      "conv2d",
      "width",
      "x",
    ]);
    expect(expectationFor(d, source)).toEqual({
      line: 2,
      from: 23,
      to: 23,
      severity: "error",
      code: "NET0301",
      message: "conv2d: output width x is not a whole number",
    });
  });

  it("underlines a multi-line span to the end of its first line, and an empty span with one caret", () => {
    const multi = createDiagnostic(Diagnostics.EmptyModel, at(0, 15), ["M"]);
    expect(expectationFor(multi, source)).toMatchObject({ line: 1, from: 1, to: 9 });
    const empty = createDiagnostic(Diagnostics.EmptyModel, at(2, 2), ["M"]);
    expect(expectationFor(empty, source)).toMatchObject({ line: 1, from: 3, to: 3 });
  });

  it("calls a span after the last code line end of file", () => {
    const d = createDiagnostic(Diagnostics.UnexpectedToken, at(text.length, text.length), [
      "'}'",
      "end of file",
    ]);
    expect(expectationFor(d, source).line).toBe("eof");
  });

  it("finds missing and unexpected diagnostics as a multiset difference", () => {
    const { expectations } = parseExpectations(source);
    const twice = {
      line: 2,
      from: 23,
      to: 23,
      severity: "error" as const,
      code: "NET0301",
      message: "the message",
    };
    const result = compare(expectations, [twice, twice]);
    expect(result.unexpected).toEqual([twice]);
    expect(result.missing.map((e) => e.code)).toEqual(["NET0502", "NET0218", "NET0102"]);
  });
});

describe("blessedText", () => {
  it("rewrites expectation comments in canonical form under their lines", () => {
    const src = new SourceText("g.net", "model M {\n  dense(10)\n  # ^ error NET0999: stale\n}\n");
    const out = blessedText(src, [
      { line: 2, from: 3, to: 11, severity: "error", code: "NET0303", message: "m" },
      { line: 1, from: 1, to: 5, severity: "error", code: "NET0311", message: "n" },
    ]);
    expect(out).toBe(
      "model M {\n# [1..5] error NET0311: n\n  dense(10)\n# ^^^^^^^^^ error NET0303: m\n}\n",
    );
  });
});
