import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import {
  commentText,
  GENERATED_CODE_NAMES,
  markdownCode,
  npmPackageName,
  TS_RESERVED_WORDS,
  tsIdentifier,
  tsIdentifierPart,
  tsLiteral,
  tsString,
  tsTemplateText,
  PythonNames,
  pythonCommentText,
  watCommentText,
} from "../../src/codegen/common/escape.js";
import { hostileString } from "./hostile.js";

/**
 * The escaping layer on its own: each function against arbitrary hostile text, judged by
 * TypeScript's own scanner and by evaluating what it produces.
 */

const runs = { numRuns: 400, seed: 20101998 };

/** The tokens of a line of TypeScript (comments included), as the compiler's scanner reads them. */
function tokens(text: string): { kind: ts.SyntaxKind; text: string }[] {
  const scanner = ts.createScanner(
    ts.ScriptTarget.ES2022,
    false,
    ts.LanguageVariant.Standard,
    text,
  );
  const out: { kind: ts.SyntaxKind; text: string }[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind !== ts.SyntaxKind.WhitespaceTrivia) out.push({ kind, text: scanner.getTokenText() });
  }
  return out;
}

/** Evaluates a JavaScript expression (the literals here are plain JavaScript too). */
function evaluate(expression: string): unknown {
  return new Function(`return (${expression});`)() as unknown;
}

describe("tsString", () => {
  it("is one string-literal token on one line that evaluates to the text", () => {
    fc.assert(
      fc.property(hostileString(), (text) => {
        const literal = tsString(text);
        expect(tokens(literal).map((t) => t.kind)).toEqual([ts.SyntaxKind.StringLiteral]);
        expect(literal).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
        expect(evaluate(literal)).toBe(text);
      }),
      runs,
    );
  });

  it("writes the characters JSON leaves raw as escapes", () => {
    expect(tsString("a\u2028b\u2029c\u202ed")).toBe('"a\\u2028b\\u2029c\\u202ed"');
    expect(tsString("\ud800")).toBe('"\\ud800"');
  });
});

describe("tsLiteral", () => {
  it("evaluates to the data it was given, NaN and infinities included", () => {
    const data = {
      name: "x\u2028y",
      args: { path: 'a\\b"c', values: [1, 0.1, -0, NaN, Infinity, -Infinity], on: true },
      none: null,
    };
    const value = evaluate(tsLiteral(data, 2)) as typeof data;
    expect(value.name).toBe("x\u2028y");
    expect(value.args.path).toBe('a\\b"c');
    expect(value.args.values).toEqual([1, 0.1, 0, NaN, Infinity, -Infinity]);
    expect(value.none).toBe(null);
  });

  it("lays data out as JSON.stringify does, so prettier keeps records expanded as before", () => {
    const data = { a: [1, 2], b: { c: "d" }, e: [] };
    expect(tsLiteral(data, 2)).toBe(JSON.stringify(data, null, 2));
    expect(tsLiteral(data)).toBe(JSON.stringify(data));
  });

  it("refuses a __proto__ key, which an object literal would take as the prototype", () => {
    expect(() => tsLiteral(JSON.parse('{"__proto__": 1}'))).toThrow(/__proto__/);
  });

  it("any hostile strings inside records and lists stay data", () => {
    fc.assert(
      fc.property(fc.array(hostileString(), { maxLength: 4 }), (texts) => {
        const data = { names: texts, first: texts[0] ?? null };
        expect(evaluate(tsLiteral(data, 2))).toEqual(data);
      }),
      runs,
    );
  });
});

describe("tsTemplateText", () => {
  it("stays the literal characters of one template literal", () => {
    fc.assert(
      fc.property(hostileString(), (text) => {
        const template = `\`${tsTemplateText(text)}\``;
        expect(tokens(template).map((t) => t.kind)).toEqual([
          ts.SyntaxKind.NoSubstitutionTemplateLiteral,
        ]);
        expect(evaluate(template)).toBe(text);
      }),
      runs,
    );
  });
});

describe("commentText", () => {
  it("cannot end a line comment or a block comment early, nor read as a TypeScript directive", () => {
    fc.assert(
      fc.property(hostileString(), (text) => {
        const safe = commentText(text);
        expect(safe).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
        expect(safe).not.toContain("*/");
        expect(safe).not.toMatch(/@ts/i);
        const line = tokens(`// ${safe}\nx`);
        expect(line.map((t) => t.kind)).toEqual([
          ts.SyntaxKind.SingleLineCommentTrivia,
          ts.SyntaxKind.NewLineTrivia,
          ts.SyntaxKind.Identifier,
        ]);
        const block = tokens(`/** ${safe} */ x`);
        expect(block.map((t) => t.kind)).toEqual([
          ts.SyntaxKind.MultiLineCommentTrivia,
          ts.SyntaxKind.Identifier,
        ]);
      }),
      runs,
    );
  });

  it("leaves ordinary text as it is", () => {
    expect(commentText('conv2d(6, 5, name="c1")  — lenet5.net:5')).toBe(
      'conv2d(6, 5, name="c1")  — lenet5.net:5',
    );
    expect(commentText("a*/b\nc")).toBe("a*\\/b\\nc");
  });
});

describe("identifiers", () => {
  it("tsIdentifierPart is injective and uses only identifier characters", () => {
    fc.assert(
      fc.property(hostileString(), hostileString(), (a, b) => {
        expect(tsIdentifierPart(a)).toMatch(/^[A-Za-z0-9_$]*$/);
        if (a !== b) expect(tsIdentifierPart(a)).not.toBe(tsIdentifierPart(b));
      }),
      runs,
    );
  });

  it("tsIdentifier is a valid identifier, never reserved nor a name of the generated code, and injective", () => {
    fc.assert(
      fc.property(hostileString(), hostileString(), (a, b) => {
        const name = tsIdentifier(a);
        expect(tokens(name).map((t) => t.kind)).toEqual([ts.SyntaxKind.Identifier]);
        expect(TS_RESERVED_WORDS.has(name)).toBe(false);
        expect(GENERATED_CODE_NAMES.has(name)).toBe(false);
        if (a !== b) expect(tsIdentifier(b)).not.toBe(name);
      }),
      runs,
    );
  });

  it("keeps plain names and maps the others deterministically", () => {
    expect(tsIdentifier("conv2d_1")).toBe("conv2d_1");
    expect(tsIdentifier("Math")).toBe("$Math$");
    expect(tsIdentifier("delete")).toBe("$delete$");
    expect(tsIdentifier("1st")).toBe("$1st$");
    expect(tsIdentifier("a-b")).toBe("a$002db");
    expect(tsIdentifier("")).toBe("$$");
  });
});

describe("README.md and package.json", () => {
  it("markdownCode is one code span on one line whose content is the text", () => {
    fc.assert(
      fc.property(hostileString(), (text) => {
        const span = markdownCode(text);
        expect(span).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
        const fence = /^`+/.exec(span)![0];
        expect(span.endsWith(fence)).toBe(true);
        expect(span.slice(fence.length, span.length - fence.length)).not.toContain(fence);
      }),
      runs,
    );
    expect(markdownCode("lenet5.net")).toBe("`lenet5.net`");
    expect(markdownCode("a`b")).toBe("``a`b``");
  });

  it("npmPackageName is a valid npm name", () => {
    for (const [model, expected] of [
      ["LeNet5", "le-net5-loops"],
      ["MLP", "mlp-loops"],
      ["_private", "private-loops"],
      ["__", "model-loops"],
    ] as const) {
      expect(npmPackageName(model, "loops")).toBe(expected);
    }
    expect(npmPackageName("A".repeat(300), "tfjs")).toHaveLength(214);
  });
});

describe("Python", () => {
  it("pythonCommentText cannot form an encoding declaration (PEP 263), which would re-decode the file", () => {
    const cookie = /coding[:=][ \t]*[-\w.]+/;
    for (const text of ["-*- coding: utf-7 -*-", "coding=utf_7", "x CODING:latin-1"])
      expect(pythonCommentText(text)).not.toMatch(cookie);
    expect(pythonCommentText("coding: utf-7")).toBe("coding\\x3a utf-7");
  });

  it("identifiers avoid Python's builtins and train.py's own names", () => {
    const names = new PythonNames();
    for (const name of ["exec", "open", "Optimizer", "splits", "evaluate", "SPEC"])
      expect(names.allocate(name)).not.toBe(name);
    expect(new PythonNames().allocate("LeNet5")).toBe("LeNet5");
  });
});

describe("watCommentText", () => {
  it("is printable ASCII on one line, whatever the text holds", () => {
    fc.assert(
      fc.property(hostileString(), (text) => {
        expect(watCommentText(text)).toMatch(/^[\t\x20-\x7e]*$/);
      }),
      { numRuns: 500, seed: 10 },
    );
    expect(watCommentText("a\n(b)\u{1000a}")).toBe("a\\n(b)\\ud800\\udc0a");
  });
});
