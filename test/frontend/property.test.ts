import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { SourceText, type Span } from "../../src/diagnostics/span.js";
import { checkText } from "../../src/semantics/index.js";
import { parseSource } from "../../src/syntax/index.js";
import { analyze } from "../../src/lsp/frontend.js";
import { hoverAt } from "../../src/lsp/hover.js";
import { inlayHints } from "../../src/lsp/inlay-hints.js";
import { documentSymbols } from "../../src/lsp/navigation.js";
import { ShapeIndex } from "../../src/lsp/shape-index.js";

/**
 * The whole front end (checkText: parse, resolve, expand, shape-check) on at least 20,000
 * random, mutated and structured inputs per run, long, deep and repeated structures among
 * them, and some through the language server's checking path: it never throws, answers
 * each input within its budget (BUDGET_CPU_MS), and every diagnostic it reports has a span
 * that lies in the file and whose line and column agree with SourceText.position. Fixed
 * seeds, so a failure reproduces.
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

// ── long, deep and repeated structures (issue 11, item 9) ──────────────────
// An independent fuzzer found inputs that took seconds or overflowed the stack: thousands
// of statements, nesting in the hundreds, huge literals, long repetition chains. Sizes are
// drawn mostly small with a long tail, so that the tail reaches the checker's limits
// (10,000 layers, 256 levels, 2^53) without making every input slow.

/** 1..max, mostly small: a uniform choice of magnitude, then of value within it. */
const sized = (max: number) =>
  fc
    .integer({ min: 0, max: Math.ceil(Math.log10(max)) * 4 })
    .chain((step) =>
      fc.integer({ min: 1, max: Math.max(1, Math.min(max, Math.round(10 ** (step / 4)))) }),
    );

const shortIdentifier = fc.oneof(
  fc.constantFrom("x", "n", "out", "stride", "in_", "_", "relu", "dense", "b0"),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
);
const identifier = fc.oneof(
  shortIdentifier,
  sized(20_000).map((n) => "v".repeat(n)),
);

/** A few tokens of the soup: statement templates are repeated thousands of times. */
const shortSoup = fc
  .array(fc.tuple(token, separator), { maxLength: 6 })
  .map((parts) => parts.map(([a, b]) => a + b).join(""));

const statementTemplate = fc.oneof(
  fc.constantFrom(
    "relu",
    "dense(16) -> relu",
    "flatten",
    "flatten -> dense(4)",
    "conv2d(4, 3, pad=1) -> batchnorm -> relu",
    "maxpool(2)",
    "dropout(0.5)",
    "softmax",
    "relu relu",
    "dense(2))",
    "let k = in.shape",
    "residual {\n relu\n}",
    "residual {\n conv2d(4, 3, pad=1)\n} shortcut if in.channels != 4 {\n conv2d(4, 1)\n}",
    "reshape([4, 2, 2])",
    ": [4]",
    "model",
  ),
  shortIdentifier.map((name) => `let ${name} = 1`),
  shortIdentifier.map((name) => `${name}(1)`),
  shortSoup,
);

const inputShape = fc.constantFrom("[4]", "[3, 8, 8]", "[2, 16]", "[1, 28, 28]", "[16]");

/** A model with up to 3,000 statements cycled from a few templates, maybe stray lines after it, maybe mutated. */
const longModel = fc
  .record({
    count: sized(3000),
    templates: fc.array(statementTemplate, { minLength: 1, maxLength: 5 }),
    shape: inputShape,
    stray: fc.oneof(
      { arbitrary: fc.constant(0), weight: 3 },
      { arbitrary: sized(3000), weight: 1 },
    ),
    strayLine: fc.constantFrom("relu", ")", "}", "model", "block {", "x = 1"),
    train: fc.boolean(),
    mutations: fc.array(mutation, { maxLength: 2 }),
  })
  .map(({ count, templates, shape, stray, strayLine, train, mutations }) => {
    const lines = Array.from({ length: count }, (_, i) => `  ${templates[i % templates.length]}`);
    const text =
      `model M {\n  input ${shape}\n${lines.join("\n")}\n}\n` +
      (train ? "train M {\n  data = mnist\n  loss = cross_entropy\n  optimizer = adam\n}\n" : "") +
      `${strayLine}\n`.repeat(stray);
    return mutations.reduce((t, m) => m(t), text);
  });

/** One expression nested hundreds of levels, in one of the ways an expression can nest. */
const deepExpression = fc
  .tuple(
    sized(600),
    fc.constantFrom(
      ["(", ")"],
      ["[", "]"],
      ["f(", ")"],
      ["-(", ")"],
      ["not ", ""],
      ["-", ""],
      ["1 + ", ""],
      ["2 * ", ""],
      ["1 if true else ", ""],
      ["true and ", ""],
      ["[1, ", "]"],
    ),
  )
  .map(([depth, [open, close]]) => open.repeat(depth) + "1" + close.repeat(depth));

/** Blocks calling blocks hundreds deep, with repetitions, residuals and parameters on the way. */
const blockChain = fc
  .record({
    depth: sized(400),
    repeat: fc.constantFrom("", " * 2", " * 10", " * 1000", " * 100000000"),
    residuals: fc.constantFrom(0, 0, 1, 2, 70),
    parameter: fc.boolean(),
    cycle: fc.boolean(),
    modelRepeat: fc.constantFrom("", " * 3", " * 99999999999999999999"),
  })
  .map(({ depth, repeat, residuals, parameter, cycle, modelRepeat }) => {
    const head = (i: number) => (parameter ? `b${i}(n = 4)` : `b${i}`);
    const call = (i: number) => (parameter ? `b${i}(n)` : `b${i}`);
    const blocks = [`block ${head(0)} {\n  relu${cycle ? `\n  ${call(depth - 1)}` : ""}\n}`];
    for (let i = 1; i < depth; i++) {
      const body = `${call(i - 1)}${repeat}`;
      blocks.push(
        `block ${head(i)} {\n  ${"residual { ".repeat(residuals)}${body}${" }".repeat(residuals)}\n}`,
      );
    }
    return `${blocks.join("\n")}\nmodel M {\n  input [4]\n  ${call(depth - 1)}${modelRepeat}\n}\n`;
  });

/** Residuals (and their shortcuts) nested inside one another, past the brace cap. */
const residualNest = fc
  .tuple(sized(150), fc.boolean())
  .map(
    ([depth, shortcut]) =>
      `model M {\n  input [4]\n  ${"residual {\n".repeat(depth)}relu${"\n}".repeat(depth)}${shortcut ? " shortcut {\n relu\n}" : ""}\n}\n`,
  );

const hugeCount = fc.oneof(
  fc.constantFrom(
    "0",
    "1",
    "9999",
    "10000",
    "10001",
    "100000000",
    "9007199254740993",
    "1e3",
    "2.5",
    "-1",
    "in.features",
    "x",
  ),
  sized(2000).map((n) => "9".repeat(n)),
  fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String),
);

/** Repetition chains: a count per level, maybe huge, through blocks and residuals. */
const repetition = fc
  .tuple(
    hugeCount,
    hugeCount,
    hugeCount,
    fc.constantFrom("relu", "dense(4)", "conv2d(4, 3, pad=1)", "residual {\n relu\n}"),
  )
  .map(
    ([a, b, c, layer]) =>
      `block inner {\n  ${layer} * ${a}\n}\nblock outer {\n  inner * ${b}\n}\nmodel M {\n  input [4, 8, 8]\n  outer * ${c} : [4, 8, 8]\n  ${layer} * ${a} * ${b}\n}\n`,
  );

/** Huge literals and long names where sizes, settings and names go. */
const hugeLiteral = fc
  .tuple(
    fc.oneof(
      hugeCount,
      sized(2000).map((n) => `0.${"9".repeat(n)}`),
      sized(400).map((n) => `1e${"9".repeat(n)}`),
    ),
    identifier,
    sized(100_000).map((n) => `"${"s".repeat(n)}"`),
    fc.constantFrom(0, 1, 2, 3, 4, 5),
  )
  .map(([number, name, string, where]) => {
    const places = [
      `model M {\n  input [${number}, 8, 8]\n  conv2d(${number}, 3, stride=${number}, pad=${number})\n}\n`,
      `model M {\n  input [4]\n  dense(${number}, name = ${string})\n  ${name}\n}\n`,
      `block ${name}(${name} = ${number}) {\n  dense(${name})\n}\nmodel M {\n  input [4]\n  ${name}\n}\n`,
      `model M {\n  input [4]\n  let ${name} = ${number} * ${number}\n  dense(${name})\n}\ntrain M {\n  data = mnist\n  loss = cross_entropy\n  optimizer = sgd(lr = ${number})\n  batch = ${number}\n  checkpoint = ${string}\n}\n`,
      `model M {\n  input [1, 28, 28]\n  flatten -> dense(${number}) -> dense(10)\n}\ntrain M {\n  data = mnist\n  loss = cross_entropy\n  optimizer = adam\n  batch = ${number}\n}\n`,
      `# ${string}\nmodel ${name} {\n  input [4]\n  adaptive_avgpool(${number})\n}\n`,
    ];
    return places[where]!;
  });

/** `let` chains that double a value (string, list, call) or nest it, line after line. */
const letDoubling = fc
  .tuple(
    sized(80),
    fc.constantFrom<[string, (a: string) => string]>(
      ['"ab"', (a) => `${a} + ${a}`],
      ["[1, 2]", (a) => `${a} + ${a}`],
      ["[1]", (a) => `[${a}, ${a}]`],
      ["f(1)", (a) => `f(${a}, ${a})`],
      ["[1]", (a) => `[${a}]`],
      ["2", (a) => `${a} * ${a}`],
      ["1.5", (a) => `${a} * ${a}`],
    ),
  )
  .map(([lines, [first, next]]) => {
    const lets = Array.from(
      { length: lines },
      (_, i) => `  let a${i} = ${i === 0 ? first : next(`a${i - 1}`)}`,
    );
    return `model M {\n  input [4]\n${lets.join("\n")}\n  dense(a${lines - 1})\n}\n`;
  });

/** Runs of garbage: the token soup, repeated. */
const garbageRun = fc
  .tuple(tokenSoup, sized(300))
  .map(([soup, times]) => `model M {\n  input [4]\n${`${soup}\n`.repeat(times)}}\n`);

/** Every structured generator, for the language server's run. */
const structured = fc.oneof(
  longModel,
  deepExpression.map((e) => `model M {\n  input [4]\n  let x = ${e}\n  dense(${e})\n}\n`),
  blockChain,
  residualNest,
  repetition,
  hugeLiteral,
  letDoubling,
  garbageRun,
);

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

/**
 * The per-input time budget (the issue's bound): a second of CPU time, and ten of wall
 * time. CPU time, because the suite runs on two cores shared with other work, which
 * stretches wall time several-fold without the front end doing more; a hang or a
 * quadratic blow-up exceeds it all the same. Typical inputs take a few milliseconds; the
 * largest (10,000 layers expanded) a few hundred.
 */
const BUDGET_CPU_MS = 1000;
const BUDGET_WALL_MS = 10_000;

function startClock(): () => string | undefined {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const wallMs = performance.now() - wall;
    if (cpuMs < BUDGET_CPU_MS && wallMs < BUDGET_WALL_MS) return undefined;
    return `took ${cpuMs.toFixed(0)} ms of CPU time (${wallMs.toFixed(0)} ms)`;
  };
}

/** Runs the front end on one input; returns what is wrong (empty when all is well). */
function frontEndProblems(text: string, parse = false): string[] {
  const stop = startClock();
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
  const overBudget = stop();
  const own = new Map([[FILE, new SourceText(FILE, text)]]);
  const sources = new Map<string, SourceText>([...own, ...checked.sources]);
  const problems = [
    ...diagnosticProblems(parsed, own),
    ...diagnosticProblems(checked.diagnostics, sources),
  ];
  if (overBudget !== undefined) problems.push(overBudget);
  return problems;
}

/**
 * The language server's checking path on one input: the analysis, then inlay hints over
 * the whole document, hovers along the first lines and the document symbols, all on the
 * checker's IR. Returns what is wrong (empty when all is well).
 */
function languageServerProblems(text: string): string[] {
  const stop = startClock();
  try {
    const analysis = analyze(FILE, text, { readFile: () => undefined });
    const file = analysis.file;
    if (file !== undefined) {
      const shapes = new ShapeIndex(analysis.program, analysis.nodes);
      inlayHints(file, analysis.source, shapes, {
        start: { line: 0, character: 0 },
        end: { line: analysis.source.lineStarts.length, character: 0 },
      });
      for (let offset = 0; offset < Math.min(text.length, 400); offset += 13)
        hoverAt(file, offset, shapes, [file]);
      documentSymbols(file, shapes);
    }
  } catch (error) {
    const where =
      error instanceof Error
        ? (error.stack ?? "").split("\n").slice(0, 3).join(" | ")
        : String(error);
    return [`language server threw on ${JSON.stringify(text.slice(0, 200))}…: ${where}`];
  }
  const overBudget = stop();
  return overBudget === undefined ? [] : [`the language server ${overBudget}`];
}

const property = (arbitrary: fc.Arbitrary<string>) =>
  fc.property(arbitrary, (text) => {
    expect(frontEndProblems(text)).toEqual([]);
  });

// Scaled down only for quick local runs (NETC_PROPERTY_SCALE=0.1); CI runs them all.
const scale = Number(process.env.NETC_PROPERTY_SCALE ?? "1");
const runs = (n: number) => Math.max(1, Math.round(n * scale));

/**
 * Inputs per run, by generator: 20,000 in all. The structured generators are the slow
 * ones (up to a few hundred milliseconds for the largest inputs), so they get fewer runs;
 * they do not shrink on failure (`endOnFailure`), since every shrinking step would check a
 * large input again, and their seeds reproduce a failure exactly.
 */
const RUNS = {
  mutated: 5000,
  tokenSoup: 5000,
  deepNesting: 600,
  hugeNumbers: 600,
  unicode: 1500,
  longModels: 1000,
  deepExpressions: 1200,
  blockChains: 400,
  residualNests: 300,
  repetitions: 1200,
  hugeLiterals: 1700,
  letDoubling: 600,
  garbageRuns: 400,
  languageServer: 500,
} as const;

describe("front end on random and mutated input", () => {
  it("runs at least 20,000 inputs in all", () => {
    expect(Object.values(RUNS).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20_000);
  });

  it("survives mutated model files", () => {
    fc.assert(property(mutated), { seed: 20241, numRuns: runs(RUNS.mutated) });
  });

  it("survives token soup from the language's vocabulary", () => {
    fc.assert(property(tokenSoup), { seed: 20242, numRuns: runs(RUNS.tokenSoup) });
  });

  it("survives nesting around the depth cap", () => {
    fc.assert(property(deepNesting), { seed: 20243, numRuns: runs(RUNS.deepNesting) });
  });

  it("survives huge and odd numbers", () => {
    fc.assert(property(hugeNumbers), { seed: 20244, numRuns: runs(RUNS.hugeNumbers) });
  });

  it("survives arbitrary unicode", () => {
    fc.assert(property(unicodeSoup), { seed: 20245, numRuns: runs(RUNS.unicode) });
  });

  const large = (seed: number, n: number) => ({ seed, numRuns: runs(n), endOnFailure: true });

  it("survives models of up to 3,000 statements, with up to 3,000 stray lines after them", () => {
    fc.assert(property(longModel), large(20246, RUNS.longModels));
  });

  it("survives expressions nested up to 600 levels in every way", () => {
    const text = deepExpression.map(
      (e) => `model M {\n  input [4]\n  let x = ${e}\n  dense(${e})\n}\n`,
    );
    fc.assert(property(text), large(20247, RUNS.deepExpressions));
  });

  it("survives blocks calling blocks up to 400 deep, with repetitions and residuals", () => {
    fc.assert(property(blockChain), large(20248, RUNS.blockChains));
  });

  it("survives residuals nested up to 150 deep", () => {
    fc.assert(property(residualNest), large(20249, RUNS.residualNests));
  });

  it("survives repetition chains with counts up to 10^2000", () => {
    fc.assert(property(repetition), large(20250, RUNS.repetitions));
  });

  it("survives huge literals and long names and strings", () => {
    fc.assert(property(hugeLiteral), large(20251, RUNS.hugeLiterals));
  });

  it("survives values doubled through `let`, line after line", () => {
    fc.assert(property(letDoubling), large(20252, RUNS.letDoubling));
  });

  it("survives long runs of garbage", () => {
    fc.assert(property(garbageRun), large(20253, RUNS.garbageRuns));
  });

  it("answers the language server's requests on long, deep and repeated structures", () => {
    fc.assert(
      fc.property(structured, (text) => {
        expect(languageServerProblems(text)).toEqual([]);
      }),
      large(20254, RUNS.languageServer),
    );
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
