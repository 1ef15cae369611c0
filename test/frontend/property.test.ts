import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { SourceText, type Span } from "../../src/diagnostics/span.js";
import { checkText } from "../../src/semantics/index.js";
import { parseSource } from "../../src/syntax/index.js";

/**
 * The whole front end (checkText: parse, resolve, expand, shape-check) on at least 10,000 random and
 * mutated inputs per run: it never throws, answers each input within a second, and
 * every diagnostic it reports has a span that lies in the file and whose line and
 * column agree with SourceText.position. Fixed seeds, so a failure reproduces.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const FILE = "/property/input.net";

function netFilesIn(dir: string): string[] {
  try {
    return readdirSync(path.join(root, dir))
      .filter((name) => name.endsWith(".net"))
      .map((name) => readFileSync(path.join(root, dir, name), "utf8"));
  } catch {
    return [];
  }
}

/** The language brief's examples, so the corpus is rich even before models/ is filled. */
const builtInSeeds = [
  `block basic(out, stride = 1) {
  let mid = out // 2
  residual {
    conv2d(out, 3, stride=stride, pad=1, bias=false) -> batchnorm -> relu
    conv2d(out, 3, pad=1, bias=false) -> batchnorm
  } shortcut if stride != 1 or in.channels != out {
    conv2d(out, 1, stride=stride, bias=false) -> batchnorm
  }
  relu
}

model ResNet18(classes = 10) {
  option rounding = floor
  input [3, 32, 32]
  conv2d(64, 3, pad=1, bias=false) -> batchnorm -> relu
  basic(64) * 2
  basic(128, stride=2) -> basic(128)
  avgpool(4) -> flatten -> dense(classes) : [classes]
}

train ResNet18 {
  data      = mnist(normalize = [0.1307, 0.3081], validation = 0.1)
  loss      = cross_entropy
  optimizer = sgd(lr = 0.01, momentum = 0.9)
  schedule  = cosine(t_max = 8)
  batch     = 64
  epochs    = 8
  seed      = 42
}
`,
  `model LeNet5 {
  input [1, 28, 28]
  conv2d(6, 5, pad=2) -> relu -> maxpool(2)
  conv2d(16, 5)       -> relu -> maxpool(2)
  flatten
  dense(120) -> relu
  dense(84)  -> relu
  dense(10)
}
`,
];

const seeds = [
  ...netFilesIn("models"),
  ...netFilesIn("test/fixtures/diagnostics"),
  ...builtInSeeds,
];

const vocabulary = [
  "model",
  "block",
  "train",
  "import",
  "input",
  "let",
  "option",
  "residual",
  "shortcut",
  "if",
  "else",
  "and",
  "or",
  "not",
  "true",
  "false",
  "in",
  "->",
  "=",
  "==",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "+",
  "-",
  "*",
  "/",
  "//",
  "%",
  ":",
  ",",
  ".",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  "\n",
  "#",
  '"',
  "\\",
  "conv2d",
  "conv1d",
  "dense",
  "relu",
  "flatten",
  "maxpool",
  "avgpool",
  "batchnorm",
  "dropout",
  "softmax",
  "reshape",
  "zeropad2d",
  "global_avgpool",
  "channels",
  "height",
  "width",
  "stride",
  "pad",
  "same",
  "mnist",
  "cross_entropy",
  "sgd",
  "lr",
  "batch",
  "epochs",
  "seed",
  "0",
  "1",
  "2",
  "64",
  "0.5",
  "1e-3",
  "1e308",
  "99999999999999999999",
  '"s"',
  "x",
  "_",
  "M",
];

// ── generators ───────────────────────────────────────────────────────────────

const seed = fc.constantFrom(...seeds);
const token = fc.constantFrom(...vocabulary);
const separator = fc.constantFrom(" ", "", "\n", " ", "  ");
const oddText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.constantFrom(
    "\u0000",
    "\r\n",
    "\t",
    "\u2028",
    "é",
    "你好",
    "😀",
    "\uD800",
    "\uFEFF",
    "−",
    "·",
  ),
);

type Mutation = (text: string) => string;
const at = (text: string, fraction: number) => Math.floor(fraction * (text.length + 1));
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // delete a range of characters
  fc.tuple(fraction, fc.integer({ min: 1, max: 12 })).map(
    ([f, n]) =>
      (t: string) =>
        t.slice(0, at(t, f)) + t.slice(at(t, f) + n),
  ),
  // insert a token or odd text
  fc.tuple(fraction, fc.oneof(token, oddText)).map(
    ([f, s]) =>
      (t: string) =>
        t.slice(0, at(t, f)) + s + t.slice(at(t, f)),
  ),
  // duplicate a slice in place
  fc.tuple(fraction, fc.integer({ min: 1, max: 40 })).map(([f, n]) => (t: string) => {
    const i = at(t, f);
    return t.slice(0, i) + t.slice(i, i + n) + t.slice(i);
  }),
  // swap two slices
  fc.tuple(fraction, fraction, fc.integer({ min: 1, max: 10 })).map(([f, g, n]) => (t: string) => {
    const [i, j] = [at(t, f), at(t, g)].sort((a, b) => a - b) as [number, number];
    if (i + n > j) return t;
    return (
      t.slice(0, i) + t.slice(j, j + n) + t.slice(i + n, j) + t.slice(i, i + n) + t.slice(j + n)
    );
  }),
  // replace one whole word with a vocabulary token
  fc.tuple(fraction, token).map(([f, s]) => (t: string) => {
    const words = t.split(/(\s+)/);
    const i = Math.floor(f * words.length);
    words[i] = s;
    return words.join("");
  }),
);

const mutated = fc
  .tuple(seed, fc.array(mutation, { minLength: 1, maxLength: 8 }))
  .map(([text, mutations]) => mutations.reduce((t, m) => m(t), text));

const tokenSoup = fc
  .array(fc.tuple(token, separator), { maxLength: 120 })
  .map((parts) => parts.map(([a, b]) => a + b).join(""));

const deepNesting = fc
  // Depths around the lexer's cap of 64 matter most; very deep inputs are in the last test.
  .tuple(
    fc.integer({ min: 1, max: 120 }),
    fc.constantFrom("(", "[", "{", "residual {", "-(", "not ", "a if "),
    fc.boolean(),
  )
  .map(([depth, open, close]) => {
    const closer: Record<string, string> = {
      "(": ")",
      "[": "]",
      "{": "}",
      "residual {": "\n}",
      "-(": ")",
      "not ": "",
      "a if ": " else b",
    };
    const body = open.repeat(depth) + "1" + (close ? closer[open]!.repeat(depth) : "");
    return `model M {\n  input [4]\n  dense(${body})\n  let x = ${body}\n}\n`;
  });

const hugeNumber = fc.oneof(
  fc.constantFrom(
    "1e308",
    "1e309",
    "-1e309",
    "99999999999999999999999",
    "0",
    "-0",
    "0.0",
    "1e-400",
    "9007199254740993",
    "2147483648",
  ),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.double({ noNaN: true }).map((d) => String(Math.abs(d))),
);
const hugeNumbers = fc
  .tuple(hugeNumber, hugeNumber, hugeNumber, hugeNumber)
  .map(
    ([a, b, c, d]) =>
      `model M(n = ${a}) {\n  input [${a}, ${b}, ${c}]\n  conv2d(${b}, ${c}, stride=${d}, pad=${a}) -> maxpool(${d})\n  basic(${a}) * ${b}\n  flatten -> dense(n * ${c}) : [${d}]\n}\ntrain M {\n  batch = ${a}\n  epochs = ${b}\n  seed = ${c}\n}\n`,
  );

const unicodeSoup = fc.string({ unit: "binary", maxLength: 300 });

// ── the property ─────────────────────────────────────────────────────────────

function spanProblem(
  span: Span,
  sources: ReadonlyMap<string, SourceText>,
  what: string,
): string | undefined {
  const source = sources.get(span.file);
  if (!source) return `${what}: unknown file ${JSON.stringify(span.file)}`;
  const { start, end } = span;
  if (!(
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    0 <= start &&
    start <= end &&
    end <= source.text.length
  )) {
    return `${what}: offsets ${start}..${end} outside 0..${source.text.length}`;
  }
  const a = source.position(start);
  const b = source.position(end);
  if (
    a.line !== span.line ||
    a.column !== span.column ||
    b.line !== span.endLine ||
    b.column !== span.endColumn
  ) {
    return `${what}: ${span.line}:${span.column}-${span.endLine}:${span.endColumn} disagrees with offsets (${a.line}:${a.column}-${b.line}:${b.column})`;
  }
  return undefined;
}

function diagnosticProblems(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceText>,
): string[] {
  const problems: string[] = [];
  for (const d of diagnostics) {
    const spans: [Span, string][] = [
      [d.span, `${d.code} primary`],
      ...d.labels.map((l): [Span, string] => [l.span, `${d.code} label`]),
      ...(d.fix?.edits ?? []).map((e): [Span, string] => [e.span, `${d.code} fix`]),
    ];
    for (const [span, what] of spans) {
      const problem = spanProblem(span, sources, what);
      if (problem) problems.push(problem);
    }
    if (!/^NET\d{4}$/.test(d.code) || d.message.length === 0)
      problems.push(`malformed diagnostic ${d.code}: ${JSON.stringify(d.message)}`);
  }
  return problems;
}

/** Runs the front end on one input; returns what is wrong (empty when all is well). */
function frontEndProblems(text: string, parse = false): string[] {
  const started = performance.now();
  // checkText parses too (its diagnostics include the syntax errors); parseSource alone is
  // run where asked, to keep 10,000 inputs within the time budget.
  let parsed: Diagnostic[] = [];
  let checked: ReturnType<typeof checkText>;
  try {
    if (parse) parsed = parseSource(FILE, text).diagnostics;
    checked = checkText(FILE, text);
  } catch (error) {
    const where =
      error instanceof Error
        ? (error.stack ?? "").split("\n").slice(0, 3).join(" | ")
        : String(error);
    return [
      `threw on ${JSON.stringify(text.length > 200 ? text.slice(0, 200) + "…" : text)}: ${where}`,
    ];
  }
  const elapsed = performance.now() - started;
  const own = new Map([[FILE, new SourceText(FILE, text)]]);
  const sources = new Map<string, SourceText>([...own, ...checked.sources]);
  const problems = [
    ...diagnosticProblems(parsed, own),
    ...diagnosticProblems(checked.diagnostics, sources),
  ];
  // The bound: no single input may take a second.
  if (elapsed >= 1000) problems.push(`took ${elapsed.toFixed(0)} ms`);
  return problems;
}

const property = (arbitrary: fc.Arbitrary<string>) =>
  fc.property(arbitrary, (text) => {
    expect(frontEndProblems(text)).toEqual([]);
  });

// Scaled down only for quick local runs (NETC_PROPERTY_SCALE=0.1); CI runs the full 10,000.
const scale = Number(process.env.NETC_PROPERTY_SCALE ?? "1");
const runs = (n: number) => Math.max(1, Math.round(n * scale));

// 7,000 + 2,400 + 200 + 200 + 200 = 10,000 inputs per run.
describe("front end on random and mutated input", () => {
  it("survives mutated model files", () => {
    fc.assert(property(mutated), { seed: 20241, numRuns: runs(7000) });
  });

  it("survives token soup from the language's vocabulary", () => {
    fc.assert(property(tokenSoup), { seed: 20242, numRuns: runs(2400) });
  });

  it("survives nesting around the depth cap", () => {
    fc.assert(property(deepNesting), { seed: 20243, numRuns: runs(200) });
  });

  it("survives huge and odd numbers", () => {
    fc.assert(property(hugeNumbers), { seed: 20244, numRuns: runs(200) });
  });

  it("survives arbitrary unicode", () => {
    fc.assert(property(unicodeSoup), { seed: 20245, numRuns: runs(200) });
  });

  it("survives very deep nesting of every kind of bracket", () => {
    const problems: string[] = [];
    for (const open of ["(", "[", "{", "residual {\n", "-", "not "]) {
      for (const depth of [100, 5000]) {
        const body = open.repeat(depth) + "1";
        problems.push(
          ...frontEndProblems(`model M {\n  input [4]\n  dense(${body})\n}\n`, true).map(
            (p) => `${JSON.stringify(open)} × ${depth}: ${p.slice(0, 300)}`,
          ),
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it("parses and checks the seed corpus without a span problem", () => {
    for (const text of seeds) expect(frontEndProblems(text, true)).toEqual([]);
  });
});
