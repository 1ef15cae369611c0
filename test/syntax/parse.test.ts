import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSource } from "../../src/syntax/index.js";
import type { Expression, SourceFileNode } from "../../src/syntax/ast.js";

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** The AST without spans, for structural comparison. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "span" && k !== "operatorSpan" && k !== "keywordSpan")
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return value;
}

/** Compact text of an expression tree: binary and unary fully parenthesised. */
function tree(e: Expression): string {
  switch (e.kind) {
    case "NumberLiteral":
      return e.raw + (e.isInteger ? "i" : "f");
    case "StringLiteral":
      return JSON.stringify(e.value);
    case "BooleanLiteral":
      return String(e.value);
    case "NameExpression":
      return e.name;
    case "InExpression":
      return "in";
    case "ListExpression":
      return `[${e.items.map(tree).join(",")}]`;
    case "UnaryExpression":
      return `(${e.operator} ${tree(e.operand)})`;
    case "BinaryExpression":
      return `(${tree(e.left)} ${e.operator} ${tree(e.right)})`;
    case "ConditionalExpression":
      return `(${tree(e.whenTrue)} if ${tree(e.condition)} else ${tree(e.whenFalse)})`;
    case "MemberExpression":
      return `${tree(e.object)}.${e.property.name}`;
    case "CallExpression":
      return `${e.callee.name}(${e.args.map((a) => (a.name ? a.name.name + "=" : "") + tree(a.value)).join(",")})`;
  }
}

function expr(text: string): string {
  const r = parseSource("e.net", `model M {\n  let x = ${text}\n}\n`);
  expect(r.diagnostics).toEqual([]);
  const stmt = (r.file.declarations[0] as { body: { value: Expression }[] }).body[0]!;
  return tree(stmt.value);
}

function parseOk(text: string): SourceFileNode {
  const r = parseSource("t.net", text);
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  return r.file;
}

describe("parseSource: declarations and statements", () => {
  it("parses the language reference example into the expected tree", () => {
    const r = parseSource("resnet.net", fixture("resnet.net"));
    expect(r.diagnostics).toEqual([]);
    expect(r.file.declarations.map((d) => d.kind)).toEqual([
      "ImportDeclaration",
      "BlockDeclaration",
      "ModelDeclaration",
      "TrainDeclaration",
    ]);
    expect(r.file.comments).toHaveLength(11);
    expect(shape(r.file.declarations)).toMatchSnapshot();
  });

  it("parses a block with parameters, let, residual and conditional shortcut", () => {
    const file = parseOk(fixture("resnet.net"));
    const block = file.declarations[1]!;
    if (block.kind !== "BlockDeclaration") throw new Error("expected a block");
    expect(block.name.name).toBe("basic");
    expect(block.params.map((p) => [p.name.name, p.default ? tree(p.default) : null])).toEqual([
      ["out", null],
      ["stride", "1i"],
    ]);
    expect(block.body.map((s) => s.kind)).toEqual([
      "LetStatement",
      "ChainStatement",
      "ChainStatement",
    ]);
    const chain = block.body[1]!;
    if (chain.kind !== "ChainStatement") throw new Error("expected a chain");
    const residual = chain.items[0]!;
    if (residual.kind !== "ResidualItem") throw new Error("expected a residual");
    expect(residual.body).toHaveLength(2);
    expect(tree(residual.shortcut!.condition!)).toBe("((stride != 1i) or (in.channels != out))");
    expect(residual.shortcut!.body).toHaveLength(1);
    // spans: `residual` keyword at line 6, column 3; the shortcut from `shortcut` to its `}`
    expect(residual.keywordSpan).toMatchObject({ line: 6, column: 3, endLine: 6, endColumn: 11 });
    expect(residual.shortcut!.span).toMatchObject({
      line: 9,
      column: 5,
      endLine: 11,
      endColumn: 4,
    });
  });

  it("keeps exact spans of calls, arguments and names", () => {
    const text = "model M {\n  input [1, 28, 28]\n  conv2d(6, 5, pad=2) -> relu : [6, 28, 28]\n}\n";
    const file = parseOk(text);
    const model = file.declarations[0]!;
    if (model.kind !== "ModelDeclaration") throw new Error("expected a model");
    const chain = model.body[1]!;
    if (chain.kind !== "ChainStatement") throw new Error("expected a chain");
    const conv = chain.items[0]!;
    if (conv.kind !== "LayerCall") throw new Error("expected a call");
    expect(text.slice(conv.span.start, conv.span.end)).toBe("conv2d(6, 5, pad=2)");
    expect(conv.span).toMatchObject({ line: 3, column: 3, endLine: 3, endColumn: 22 });
    const pad = conv.args[2]!;
    expect(text.slice(pad.span.start, pad.span.end)).toBe("pad=2");
    expect(pad.name!.span).toMatchObject({ line: 3, column: 16, endColumn: 19 });
    const relu = chain.items[1]!;
    expect(text.slice(relu.span.start, relu.span.end)).toBe("relu : [6, 28, 28]");
    expect(text.slice(relu.assertion!.span.start, relu.assertion!.span.end)).toBe("[6, 28, 28]");
    expect(text.slice(chain.span.start, chain.span.end)).toBe(
      "conv2d(6, 5, pad=2) -> relu : [6, 28, 28]",
    );
    expect(model.span).toMatchObject({ line: 1, column: 1, endLine: 4, endColumn: 2 });
  });

  it("parses train sections with and without model arguments", () => {
    const file = parseOk(
      "train R(classes = 100) {\n  loss = huber(delta = 1.0)\n  batch = 64\n}\n",
    );
    const train = file.declarations[0]!;
    if (train.kind !== "TrainDeclaration") throw new Error("expected train");
    expect(train.model.name).toBe("R");
    expect(train.args.map((a) => [a.name?.name, tree(a.value)])).toEqual([["classes", "100i"]]);
    expect(train.settings.map((s) => [s.key.name, tree(s.value)])).toEqual([
      ["loss", "huber(delta=1.0f)"],
      ["batch", "64i"],
    ]);
  });

  it("distinguishes relu from relu() and keeps repetition and assertion", () => {
    const file = parseOk("model M {\n  relu -> relu() * 3 : [10]\n}\n");
    const chain = (file.declarations[0] as { body: { items: unknown[] }[] }).body[0]!;
    expect(shape(chain.items)).toEqual([
      {
        kind: "LayerCall",
        callee: { kind: "Identifier", name: "relu" },
        args: [],
        hasParens: false,
      },
      {
        kind: "LayerCall",
        callee: { kind: "Identifier", name: "relu" },
        args: [],
        hasParens: true,
        repeat: { kind: "NumberLiteral", value: 3, isInteger: true, raw: "3" },
        assertion: {
          kind: "ListExpression",
          items: [{ kind: "NumberLiteral", value: 10, isInteger: true, raw: "10" }],
        },
      },
    ]);
  });
});

describe("layout: newlines", () => {
  it("ignores newlines inside ( ) and [ ] and allows trailing commas", () => {
    const file = parseOk(
      "model M {\n  input [\n    3,\n    32,\n  ]\n  conv2d(\n    6,\n    5,\n  )\n}\n",
    );
    const body = (file.declarations[0] as { body: unknown[] }).body;
    expect(body).toHaveLength(2);
  });

  it("continues a chain with -> at the end or the start of a line, across comments and blank lines", () => {
    const file = parseOk(
      "model M {\n  dense(3) ->   # first\n\n    relu\n    # between\n    -> softmax\n}\n",
    );
    const body = (file.declarations[0] as { body: { items: { callee: { name: string } }[] }[] })
      .body;
    expect(body).toHaveLength(1);
    expect(body[0]!.items.map((i) => i.callee.name)).toEqual(["dense", "relu", "softmax"]);
  });

  it("separates statements by newlines; blank and comment lines are allowed anywhere", () => {
    const file = parseOk("\n\n# head\nmodel M {\n\n  # c\n  relu\n\n\n  relu\n}\n\n\n");
    expect((file.declarations[0] as { body: unknown[] }).body).toHaveLength(2);
  });

  it("accepts `shortcut` on the line after the residual's `}`", () => {
    const file = parseOk(
      "model M {\n  residual {\n    relu\n  }\n  shortcut {\n    relu\n  }\n}\n",
    );
    const body = (file.declarations[0] as { body: { items: { shortcut?: unknown }[] }[] }).body;
    expect(body).toHaveLength(1);
    expect(body[0]!.items[0]!.shortcut).toBeDefined();
  });
});

describe("expressions", () => {
  it("follows the precedence table", () => {
    expect(expr("1 + 2 * 3 - 4")).toBe("((1i + (2i * 3i)) - 4i)");
    expect(expr("a // 2 % 3 / 4")).toBe("(((a // 2i) % 3i) / 4i)");
    expect(expr("-a.b * +2")).toBe("((- a.b) * (+ 2i))");
    expect(expr("not a == b and c or d")).toBe("(((not (a == b)) and c) or d)");
    expect(expr("x if a < b else y if c else z")).toBe("(x if (a < b) else (y if c else z))");
    expect(expr("(1 + 2) * 3")).toBe("((1i + 2i) * 3i)");
    expect(expr("in.shape")).toBe("in.shape");
    expect(expr('f(1, k = "a\\"b\\\\", l = [1, 2.5, 1e-3, true])')).toBe(
      'f(1i,k="a\\"b\\\\",l=[1i,2.5f,1e-3f,true])',
    );
    expect(expr("not not false")).toBe("(not (not false))");
    expect(expr("- - 1")).toBe("(- (- 1i))");
  });

  it("keeps integers and floats apart", () => {
    expect(expr("64")).toBe("64i");
    expect(expr("64.0")).toBe("64.0f");
    expect(expr("1e3")).toBe("1e3f");
  });

  it("reads a malformed number as its longest valid prefix, integer or float as that prefix is", () => {
    const literal = (text: string) => {
      const r = parseSource("e.net", `model M {\n  let x = ${text}\n}\n`);
      expect(r.diagnostics.map((d) => d.code)).toEqual(["NET0105"]);
      const { value, isInteger } = (
        r.file.declarations[0] as { body: { value: { value: number; isInteger: boolean } }[] }
      ).body[0]!.value;
      return { value, isInteger };
    };
    expect(literal("12abc")).toEqual({ value: 12, isInteger: true });
    expect(literal("1e")).toEqual({ value: 1, isInteger: true });
    expect(literal("64.")).toEqual({ value: 64, isInteger: true });
    expect(literal("1.2.3")).toEqual({ value: 1.2, isInteger: false });
    expect(literal("2e5x")).toEqual({ value: 200000, isInteger: false });
  });
});
