import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import {
  GENERATED_CODE_NAMES,
  PYTHON_BUILTINS,
  PYTHON_KEYWORDS,
  PYTHON_RESERVED_NAMES,
  PYTHON_SOFT_KEYWORDS,
  TS_RESERVED_WORDS,
} from "../../src/codegen/common/escape.js";
import { loopsClassName } from "../../src/codegen/common/package-subject.js";
import { emitPackage } from "../../src/codegen/package.js";
import { helperClassNames } from "../../src/codegen/pytorch/emit-model.js";
import { identifierFor, modelClassName } from "../../src/codegen/tfjs/naming.js";
import { checkText } from "../../src/semantics/index.js";
import { datasets } from "../../src/semantics/train/datasets.js";
import { losses } from "../../src/semantics/train/losses.js";
import { optimizers } from "../../src/semantics/train/optimizers.js";
import { schedules } from "../../src/semantics/train/schedules.js";
import { findPython } from "../runtime/python.js";
import { repoRoot } from "./generated-code.js";

/**
 * GENERATED_CODE_NAMES (src/codegen/common/escape.ts) must hold every name the emitted
 * code declares or refers to, else an identifier derived from a user's name could shadow
 * it. This scans the packages of the zoo's small models, of every train option and of every
 * layer kind (the larger models repeat the same layers),
 * on both backends, and lists any binding or reference that is neither in the set nor
 * derived from a name in the .net file. When an emitter starts using a new name, add it
 * to the set.
 */

const sources = [
  "models/cnn-small.net",
  "models/lenet5-classic.net",
  "models/lenet5.net",
  "models/mlp.net",
  "test/loops/fixtures/every-train-option.net",
  "test/security/fixtures/every-layer.net",
];

/** Identifiers that name bindings (declarations and references), not members of objects or types. */
function bindingNames(fileName: string, text: string): Set<string> {
  const names = new Set<string>();
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const isMemberName = (node: ts.Identifier): boolean => {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
    if (ts.isQualifiedName(parent)) return parent.right === node;
    if (
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isEnumMember(parent)
    )
      return parent.name === node;
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && !isMemberName(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

describe("the generated code's own names", () => {
  it("every name the emitters write is in GENERATED_CODE_NAMES or derived from the .net file", async () => {
    const unknown = new Map<string, string>();
    for (const file of sources) {
      const text = readFileSync(path.join(repoRoot, file), "utf8");
      const { program, diagnostics } = checkText(file, text);
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const derived = new Set<string>();
      for (const model of program.models) {
        derived.add(model.name).add(loopsClassName(model.name)).add(modelClassName(model));
        for (const node of model.nodes) derived.add(identifierFor(node.id));
      }
      for (const modelName of new Set(program.models.map((m) => m.name))) {
        for (const backend of ["loops", "tfjs"] as const) {
          const files = await emitPackage(program, modelName, backend, {
            sourcePath: file,
            sourceText: text,
          });
          for (const [name, code] of files) {
            if (!name.endsWith(".ts")) continue;
            for (const used of bindingNames(name, code)) {
              if (derived.has(used) || GENERATED_CODE_NAMES.has(used)) continue;
              if (TS_RESERVED_WORDS.has(used)) continue;
              unknown.set(used, `${file} ${modelName} ${backend} ${name}`);
            }
          }
        }
      }
    }
    expect(Object.fromEntries(unknown)).toEqual({});
  });
});

/**
 * train.py holds only the code its train section uses: one small model per optimizer
 * (and the variants with their own code: Nesterov momentum, decoupled weight decay),
 * schedule, loss and data source of the catalogues, so that every path is scanned.
 */
function trainVariants(): { label: string; file: string; text: string }[] {
  const required: Record<string, string> = {
    step: "every = 2",
    linear: "tau = 3",
    cosine: "t_max = 3",
    exponential: "gamma = 0.9",
    idx: 'path = "data"',
    cifar10: 'path = "data"',
  };
  const entry = (name: string) => `${name}(${required[name] ?? ""})`;
  const variants: [string, string][] = [
    ...optimizers.map((o) => ["optimizer", entry(o.name)] as [string, string]),
    ["optimizer", "sgd(lr = 0.01, momentum = 0.9, nesterov = true, weight_decay = 1e-4)"],
    ["optimizer", "adam(weight_decay = 1e-4, decoupled = true)"],
    ...schedules.map((e) => ["schedule", entry(e.name)] as [string, string]),
    ...losses.map((e) => ["loss", e.name] as [string, string]),
    ...datasets.map((e) => ["data", entry(e.name)] as [string, string]),
  ];
  return variants.map(([key, value], index) => {
    const entries: Record<string, string> = {
      data: "mnist",
      loss: "cross_entropy",
      optimizer: "sgd(lr = 0.01)",
      [key]: value,
    };
    const input = entries.data!.startsWith("cifar10") ? "[3, 32, 32]" : "[1, 28, 28]";
    const lines = Object.entries(entries).map(([k, v]) => `  ${k} = ${v}`);
    const text = `model Net {\n  input ${input}\n  flatten\n  dense(10)\n}\n\ntrain Net {\n${lines.join("\n")}\n}\n`;
    return { label: `variant-${index}`, file: `variant-${index}.net`, text };
  });
}

/**
 * The same for the PyTorch backend: PYTHON_RESERVED_NAMES must hold every name model.py
 * and train.py bind or read (./python-names.py lists them with Python's own parser), but
 * Python's builtins and keywords, its own names (a leading underscore: PythonNames never
 * hands one out), the helper classes (reserved through helperClassNames) and the
 * identifiers derived from the .net file: the model's class and forward()'s variables,
 * each a node id or the model's name made an identifier (PythonNames.allocate: other
 * characters to "_", maybe a numeric suffix).
 */
describe("the generated Python's own names", () => {
  it("every name model.py and train.py use is in PYTHON_RESERVED_NAMES or derived from the .net file", async () => {
    const python = findPython(["ast", "json"]);
    expect(python, "a Python 3 to parse the PyTorch packages").toBeDefined();
    const work = path.join(repoRoot, "build", "test-security", "python-names");
    rmSync(work, { recursive: true, force: true });
    const files: string[] = [];
    const derivedOf = new Map<string, (name: string) => boolean>();
    const programs = [
      ...sources.map((file) => ({
        label: path.basename(file, ".net"),
        file,
        text: readFileSync(path.join(repoRoot, file), "utf8"),
      })),
      ...trainVariants(),
    ];
    for (const { label, file, text } of programs) {
      const { program, diagnostics } = checkText(file, text);
      expect(
        diagnostics.filter((d) => d.severity === "error"),
        label,
      ).toEqual([]);
      for (const model of program.models) {
        const stems = [model.name, ...model.nodes.map((n) => n.id)].map((name) =>
          name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^_+/, ""),
        );
        const derived = (name: string) =>
          stems.some((stem) => name === stem || new RegExp(`^n?_?${stem}_*(_\\d+)?$`).test(name));
        const packageFiles = await emitPackage(program, model.name, "pytorch", {
          sourcePath: file,
          sourceText: text,
        });
        const directory = path.join(work, `${label}-${model.name}`);
        mkdirSync(directory, { recursive: true });
        for (const name of ["model.py", "train.py"]) {
          const at = path.join(directory, name);
          writeFileSync(at, packageFiles.get(name)!);
          files.push(at);
          derivedOf.set(at, derived);
        }
      }
    }
    const listed = spawnSync(
      python!,
      [path.join(repoRoot, "test/security/python-names.py"), ...files],
      {
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(listed.stderr).toBe("");
    const names = JSON.parse(listed.stdout) as Record<string, string[]>;
    const unknown = new Map<string, string>();
    const helpers = new Set(helperClassNames());
    for (const [at, used] of Object.entries(names)) {
      for (const name of used) {
        if (
          name.startsWith("_") ||
          helpers.has(name) ||
          PYTHON_RESERVED_NAMES.has(name) ||
          PYTHON_BUILTINS.has(name) ||
          PYTHON_KEYWORDS.has(name) ||
          PYTHON_SOFT_KEYWORDS.has(name) ||
          derivedOf.get(at)!(name)
        )
          continue;
        unknown.set(name, path.relative(work, at));
      }
    }
    expect(Object.fromEntries(unknown)).toEqual({});
    // the scan saw the generated code's own names, not an empty list
    expect(Object.values(names).flat()).toContain("load_data");
  }, 120_000);
});
