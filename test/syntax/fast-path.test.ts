import { readdirSync, readFileSync } from "node:fs";
import type { CstNode } from "chevrotain";
import { describe, expect, it } from "vitest";
import { SourceText } from "../../src/diagnostics/span.js";
import { createLexer, lex } from "../../src/syntax/lexer.js";
import { parseWithTokens } from "../../src/syntax/parse.js";
import { NetParser } from "../../src/syntax/parser.js";

/**
 * The parser's single-token fast path in `expression` (parser.ts) must change nothing
 * but speed: on every input, with or without syntax errors, the tree, the diagnostics
 * and the tokens are exactly those of the full precedence ladder.
 */

const withoutFastPath = new NetParser({ singleTokenFastPath: false });
const withFastPath = new NetParser();

const models = new URL("../../models/", import.meta.url);
const fixtures = new URL("./fixtures/", import.meta.url);
const corpus: string[] = [
  ...readdirSync(models)
    .filter((f) => f.endsWith(".net"))
    .map((f) => readFileSync(new URL(f, models), "utf8")),
  ...readdirSync(fixtures)
    .filter((f) => f.endsWith(".net"))
    .map((f) => readFileSync(new URL(f, fixtures), "utf8")),
];

/** Every single-token operand before every token that may or may not end an expression. */
function operandContexts(): string[] {
  const operands = ["64", "0.5", "1e-3", '"s"', "true", "false", "in", "x", "2.", "1.2.3"];
  const after = [
    ",",
    ")",
    "]",
    "}",
    "\n",
    "->",
    ":",
    "+",
    "-",
    "*",
    "//",
    "%",
    "==",
    "<",
    "and",
    "or",
    "if c else 1",
    ".channels",
    "(1)",
    "[1]",
    "x",
    "else",
    "=",
    "",
  ];
  const out: string[] = [];
  for (const operand of operands) {
    for (const next of after) {
      out.push(
        `model A(p = ${operand}${next}) {\n  input [${operand}${next}]\n  dense(${operand}${next}, bias = ${operand}${next}) * ${operand}${next} : [${operand}${next}]\n  let v = ${operand}${next}\n}\n`,
      );
      out.push(
        `train A(k = ${operand}${next}) {\n  data = mnist(validation = ${operand}${next})\n  batch = ${operand}${next}\n}\n`,
      );
    }
  }
  return out;
}

/** Seeded edits of the corpus: deletions, insertions of tokens and fragments, duplications. */
function mutations(count: number, seed: number): string[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const pieces = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    "->",
    "-",
    "+",
    "*",
    "//",
    ":",
    ".",
    "<",
    "==",
    " if ",
    " else ",
    " and ",
    " not ",
    "\n",
    "64",
    "x",
    "in",
    '"s"',
    "true",
    "residual ",
    "let ",
    "input ",
    "model ",
    "@",
    "1e",
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = pick(corpus);
    const edits = 1 + Math.floor(random() * 3);
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(random() * (text.length + 1));
      const r = random();
      if (r < 0.35) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
      else if (r < 0.8) text = text.slice(0, at) + pick(pieces) + text.slice(at);
      else {
        const from = Math.floor(random() * text.length);
        text =
          text.slice(0, at) + text.slice(from, from + Math.floor(random() * 20)) + text.slice(at);
      }
    }
    out.push(text);
  }
  return out;
}

function parseBoth(text: string): [unknown, unknown] {
  const strip = (r: ReturnType<typeof parseWithTokens>) => ({
    file: r.file,
    diagnostics: r.diagnostics,
    tokens: r.tokens.map((t) => t.image),
  });
  return [
    strip(parseWithTokens("x.net", text, withFastPath)),
    strip(parseWithTokens("x.net", text, withoutFastPath)),
  ];
}

describe("the single-token fast path of expressions", () => {
  it("is taken: `64` in `dense(64)` is read without the precedence rules", () => {
    withFastPath.input = lex(new SourceText("x.net", "model A {\n  dense(64)\n}\n")).tokens;
    const root = withFastPath.sourceFile();
    const find = (node: CstNode, name: string): CstNode => {
      if (node.name === name) return node;
      for (const children of Object.values(node.children)) {
        for (const child of children) {
          if ("children" in child) {
            const found = find(child, name);
            if (found.name === name) return found;
          }
        }
      }
      return node;
    };
    const expression = find(root, "expression");
    expect(Object.keys(expression.children)).toEqual(["NumberLiteral"]);
  });

  it("gives the same tree and diagnostics as the full grammar on every operand context", () => {
    const inputs = operandContexts();
    let withErrors = 0;
    for (const text of inputs) {
      const [fast, full] = parseBoth(text);
      expect(fast, text).toEqual(full);
      if ((full as { diagnostics: unknown[] }).diagnostics.length > 0) withErrors++;
    }
    // the contexts include both valid and broken inputs
    expect(withErrors).toBeGreaterThan(inputs.length / 4);
    expect(withErrors).toBeLessThan(inputs.length);
  });

  it("gives the same tree and diagnostics as the full grammar on the models and 1,500 seeded mutations of them", () => {
    for (const text of [...corpus, ...mutations(1500, 42)]) {
      const [fast, full] = parseBoth(text);
      expect(fast, text).toEqual(full);
    }
  });
});

describe("grammar and token definitions", () => {
  // The shared parser and lexer skip Chevrotain's definition checks to start faster; run them here.
  it("pass Chevrotain's validations", () => {
    expect(() => new NetParser({ validateGrammar: true })).not.toThrow();
    expect(() => createLexer(true)).not.toThrow();
  });
});
