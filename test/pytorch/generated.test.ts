import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitPytorch } from "../../src/codegen/pytorch/index.js";
import { pytorchRegistry } from "../../src/codegen/pytorch/registry.js";
import { isUnsupported } from "../../src/codegen/registry.js";
import { PythonNames, pythonComment, pythonString } from "../../src/codegen/common/escape.js";
import { definitions } from "../../src/layers/definitions.js";
import { checkProgram, checkText } from "../../src/semantics/index.js";
import { externalTool } from "../external-tools.js";
import { caseModel, modelCases, repoRoot } from "./cases.js";
import { describeWithPython, pythonWith, runPython } from "./python-env.js";

/**
 * The generated Python as text: one emitter per layer kind; byte-identical output for
 * identical input; laid out as black lays it out (checked with black where it is
 * installed: Debian's `black`); and user text — layer names, data paths, the quoted .net
 * lines — reaching it only as string literals and comments, whatever it holds: a
 * property test feeds hostile names through the compiler and imports the result.
 */

const work = join(repoRoot, "build", "test-pytorch", "generated");
const host = { readFile: (path: string) => readFileSync(path, "utf8") };

it("every layer kind has a PyTorch emitter, none refused", () => {
  // the registry's type makes an entry for every kind; this holds that none is a refusal
  const refused = Object.entries(pytorchRegistry).filter(([, entry]) => isUnsupported(entry));
  expect(refused.map(([kind]) => kind)).toEqual([]);
  expect(Object.keys(pytorchRegistry).sort()).toEqual(Object.keys(definitions).sort());
});

/** Every model of models/ and every kind case, emitted into its own directory. */
function emitAll(): string[] {
  rmSync(work, { recursive: true, force: true });
  const directories: string[] = [];
  const emit = (label: string, files: Map<string, string>) => {
    const directory = join(work, label);
    mkdirSync(directory, { recursive: true });
    for (const [name, text] of files) writeFileSync(join(directory, name), text);
    directories.push(directory);
  };
  for (const file of readdirSync(join(repoRoot, "models")).filter((f) => f.endsWith(".net"))) {
    const path = join(repoRoot, "models", file);
    const { program } = checkProgram(path, host);
    for (const name of new Set(program.models.map((m) => m.name)))
      emit(
        `${file}-${name}`,
        emitPytorch(program, name, { sourcePath: path, sourceText: host.readFile(path) }),
      );
  }
  modelCases().cases.forEach((c, index) =>
    emit(
      `case-${index}`,
      emitPytorch(c.program, c.model, { sourcePath: c.sourcePath, sourceText: c.sourceText }),
    ),
  );
  return directories;
}

describe("generated Python", () => {
  const directories = emitAll();

  it("is byte-identical for identical input", () => {
    const path = join(repoRoot, "models", "lenet5-classic.net");
    const once = () =>
      emitPytorch(checkProgram(path, host).program, "LeNet5Classic", {
        sourcePath: path,
        sourceText: host.readFile(path),
      });
    expect(once()).toEqual(once());
  });

  const black = externalTool(
    "black",
    spawnSync("black", ["--version"], { encoding: "utf8" }).status === 0
      ? undefined
      : "black not found",
    "apt-get install -y black",
  );
  it.skipIf(black.skip)("is laid out as black lays it out (every model and kind case)", () => {
    black.require();
    // netc_runtime.py is the same file everywhere: checked once
    const files = [
      ...directories.flatMap((d) =>
        readdirSync(d)
          .filter((f) => f === "model.py" || f === "train.py")
          .map((f) => join(d, f)),
      ),
      join(repoRoot, "src", "codegen", "pytorch", "runtime", "netc_runtime.py"),
    ];
    const result = spawnSync("black", ["--check", "--diff", "--quiet", ...files], {
      encoding: "utf8",
    });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  const python = pythonWith(["json"]);
  it.skipIf(python === undefined)("compiles (every model and kind case)", () => {
    const files = directories.flatMap((d) =>
      readdirSync(d)
        .filter((f) => f.endsWith(".py"))
        .map((f) => join(d, f)),
    );
    runPython(python!, ["-m", "py_compile", ...files]);
  });
});

describe("the escaping layer", () => {
  it("writes string literals Python reads back exactly, and comments that stay on their line", () => {
    const hostile = fc.string({ unit: "grapheme", maxLength: 20 });
    const python = pythonWith(["json"]);
    const samples = fc.sample(fc.oneof(hostile, fc.string({ unit: "binary", maxLength: 20 })), {
      seed: 3,
      numRuns: 200,
    });
    samples.push(
      '"',
      "'",
      "'\"",
      '"""',
      "\\",
      "\\\n",
      "a\u2028b",
      "\u0085\f\v\x1c\x1d\x1e",
      "\u202e",
      "\ud800",
    );
    for (const text of samples) {
      const comment = pythonComment(text);
      expect(comment.split(/[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/)).toHaveLength(1);
    }
    if (python === undefined) return;
    // Python's own parser reads every literal back to the original text (lone surrogates as themselves)
    const source = `import json, sys\nvalues = [${samples.map(pythonString).join(", ")}]\n${samples.map((t) => pythonComment(t)).join("\n")}\nprint(json.dumps([[ord(c) for c in v] for v in values]))\n`;
    const codes = JSON.parse(runPython(python, ["-c", source])) as number[][];
    expect(codes).toEqual(
      samples.map((text) =>
        [...text].flatMap((c) => (c.length === 2 ? [c.codePointAt(0)!] : [c.charCodeAt(0)])),
      ),
    );
  });

  it("hands out identifiers that are neither keywords nor the generated files' own names", () => {
    const names = new PythonNames();
    const given = [
      "forward",
      "class",
      "match",
      "_",
      "torch",
      "F",
      "x",
      "self",
      "3d",
      "a.b",
      "",
      "é",
      "a",
      "a",
    ];
    const got = given.map((name) => names.allocate(name));
    expect(new Set(got).size).toBe(got.length);
    for (const id of got) {
      expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      expect(["class", "match", "_", "torch", "F", "x", "self"]).not.toContain(id);
    }
  });
});

/** Hostile layer names and a hostile data path: Python source, quotes, line ends of every kind, bidi overrides. */
const pieces = [
  '"',
  "'",
  '"""',
  "\\\\",
  "\\n",
  "\\t",
  "#",
  "\u2028",
  "\u2029",
  "\x0c",
  "\x0b",
  "\x1c",
  "\x85",
  "\u202e",
  "\ufeff",
  "import os",
  "os._exit(7)",
  "); raise SystemExit(9) #",
  "forward",
  "self",
  "x",
  ".",
  ":",
  "é",
  "名",
  " ",
  "0",
];

describeWithPython(
  "hostile names reach model.py and train.py only as literals and comments",
  ["torch"],
  (python) => {
    it("the model imports, its state_dict keys are netc's names, the data path arrives intact", () => {
      const name = fc
        .array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 5 })
        .map((parts) => parts.join(""));
      const runs = fc.sample(fc.uniqueArray(name, { minLength: 3, maxLength: 3 }), {
        seed: 11,
        numRuns: 12,
      });
      runs.push(["forward", "a.b", "training"], ["c1", "layer_c1", "x"]);
      const jobs = runs.map((names, index) => {
        const [first, second, third] = names.map((n) => `"${n.replaceAll('"', '\\"')}"`);
        const path = `${names[0]!.replaceAll('"', '\\"')}/data`;
        const text = `model M {\n  input [1, 28, 28]\n  conv2d(2, 3, name = ${first}) -> batchnorm(name = ${second}) -> relu\n  flatten -> dense(10, name = ${third})\n}\n\ntrain M {\n  data = idx(path = "${path}")\n  loss = cross_entropy\n  optimizer = sgd(lr = 0.1)\n  batch = 2\n  epochs = 1\n  seed = 1\n}\n`;
        const sourcePath = join(work, `hostile-${index}.net`);
        const { program, diagnostics } = checkText(sourcePath, text);
        expect(
          diagnostics.filter((d) => d.severity === "error"),
          text,
        ).toEqual([]);
        const directory = join(work, `hostile-${index}`);
        mkdirSync(directory, { recursive: true });
        for (const [file, contents] of emitPytorch(program, "M", { sourcePath, sourceText: text }))
          writeFileSync(join(directory, file), contents);
        const model = caseModel({ program, model: "M" } as never);
        const expected = model.nodes.flatMap((n) =>
          [...n.params, ...n.buffers].map((t) => `${n.id}.${t.name}`),
        );
        const dataPath = program.trains[0]!.data.args.path as string;
        return { directory, expected, dataPath };
      });
      const script = `
import importlib, json, sys
out = []
for job in json.load(sys.stdin):
    for name in ("model", "train", "netc_runtime"):
        sys.modules.pop(name, None)
    sys.path.insert(0, job["directory"])
    model_module = importlib.import_module("model")
    train = importlib.import_module("train")
    sys.path.pop(0)
    model = model_module.M()
    keys = list(model.state_dict().keys())
    model.load_state_dict(model.state_dict())
    flags = train.netc.parse_train_flags([], train.SPEC)
    try:
        train.load_data(flags)
        message = None
    except train.netc.DataError as error:
        message = str(error)
    out.append({"keys": keys, "message": message})
print(json.dumps(out))
`;
      const results = JSON.parse(
        runPython(python, ["-c", script], { input: JSON.stringify(jobs) }),
      ) as { keys: string[]; message: string | null }[];
      results.forEach((result, index) => {
        expect(result.keys).toEqual(jobs[index]!.expected);
        expect(result.message?.startsWith(`${jobs[index]!.dataPath}: directory not found. `)).toBe(
          true,
        );
      });
    }, 300_000);
  },
);
