import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitPackage, type Backend } from "../../src/codegen/package.js";
import { typecheckPackages } from "../../src/codegen/typecheck.js";
import { callableLayerNames } from "../../src/layers/definitions.js";
import { checkText } from "../../src/semantics/index.js";
import { keywordTokens } from "../../src/syntax/tokens.js";
import { findPython } from "../runtime/python.js";
import { expectSameProgram, netString, repoRoot } from "./generated-code.js";
import { hostileIdentifiers, hostileString } from "./hostile.js";

/**
 * Issue 10's property test: arbitrary hostile Unicode in every user-controlled string
 * that reaches a generated package, on every backend. Each run builds one package with
 * LAYERS layers, each with its own hostile `name=` (the names reach comments, string
 * literals and identifiers), a hostile data path, checkpoint and log path (option
 * strings), a hostile .net file name (comments, README.md), and model and block names
 * drawn from reserved words and the generated code's own names. Every package must be
 * the same program as the one built from benign names (user text only inside literals
 * and comments, derived identifiers renamed one to one: test/security/generated-code.ts);
 * the first TYPECHECKED packages of each TypeScript backend are also type-checked in full.
 * The PyTorch packages are written to disk and checked by one Python process
 * (./python-structure.py): each file parses, and tokenizes to the benign file's tokens
 * with string literals and comments left out.
 *
 * RUNS × (LAYERS + 4) = 5,200 hostile strings per run of the suite, each compiled by the
 * loops, tfjs, wasm and pytorch backends. The seed is fixed, so a failure reproduces.
 */

const RUNS = 50;
const LAYERS = 100;
const TYPECHECKED = 2;
const backends: readonly Backend[] = ["loops", "tfjs", "wasm"];
const pythonWork = path.join(repoRoot, "build", "test-security", "pytorch");

/** .net keywords and layer names cannot name models or blocks; every other identifier may. */
const reserved = new Set([
  ...keywordTokens.map((token) => token.name.slice(2).toLowerCase()),
  ...callableLayerNames(),
]);
const declarationNames = hostileIdentifiers.filter((name) => !reserved.has(name));

interface Names {
  model: string;
  block: string;
  layers: readonly string[];
  dataPath: string;
  checkpoint: string;
  log: string;
  file: string;
}

/** One model: a block holding a dense layer, then LAYERS − 2 activations, every layer named. */
function source(names: Names): string {
  const [first, second, ...rest] = names.layers.map(netString);
  const activations = rest.map(
    (name, i) => `  ${["relu", "tanh", "sigmoid"][i % 3]}(name=${name})`,
  );
  return `block ${names.block}(units) {
  dense(units, name=${first})
}

model ${names.model} {
  input [1, 28, 28]
  flatten
  ${names.block}(4)
  relu(name=${second})
${activations.join("\n")}
  dense(10)
}

train ${names.model} {
  data       = idx(path = ${netString(names.dataPath)})
  loss       = cross_entropy
  optimizer  = sgd(lr = 0.01)
  checkpoint = ${netString(names.checkpoint)}
  log        = ${netString(names.log)}
}
`;
}

async function build(names: Names, backend: Backend): Promise<Map<string, string>> {
  const file = `project/${names.file}.net`;
  const text = source(names);
  const checked = checkText(file, text);
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return emitPackage(checked.program, names.model, backend, {
    sourcePath: file,
    sourceText: new Map([[file, text]]),
  });
}

const benignNames: Names = {
  model: "Net",
  block: "unit",
  layers: Array.from({ length: LAYERS }, (_, i) => `L${i}`),
  dataPath: "data",
  checkpoint: "net.ckpt",
  log: "net.log",
  file: "net",
};

/** Text a .net string can hold: anything but a raw CR (the language has no escape for it). */
const netText = (maxPieces?: number) => hostileString(maxPieces).map((s) => s.replace(/\r/g, ""));

const hostileNames: fc.Arbitrary<Names> = fc
  .record({
    model: fc.constantFrom(...declarationNames),
    block: fc.constantFrom(...declarationNames),
    layers: fc.uniqueArray(
      netText(6).filter((name) => name !== "input"),
      { minLength: LAYERS, maxLength: LAYERS },
    ),
    dataPath: netText(),
    checkpoint: netText(),
    log: netText(),
    // a file's name: any text without a path separator
    file: hostileString().map((s) => s.replace(/[/\\]/g, "_")),
  })
  .filter((names) => names.model !== names.block);

/** Writes a PyTorch package into its own directory under pythonWork. */
function writePythonPackage(label: string, files: ReadonlyMap<string, string>): string {
  const directory = path.join(pythonWork, label);
  mkdirSync(directory, { recursive: true });
  for (const [name, text] of files) writeFileSync(path.join(directory, name), text);
  return directory;
}

describe("hostile text in every user-controlled string", () => {
  it(`${RUNS} packages of ${LAYERS} hostile layer names each, on every backend: the benign program, and the first type-check`, async () => {
    const python = findPython(["ast", "tokenize"]);
    expect(python, "a Python 3 to tokenize the PyTorch packages").toBeDefined();
    rmSync(pythonWork, { recursive: true, force: true });
    const reference = new Map<Backend, Map<string, string>>();
    for (const backend of backends) reference.set(backend, await build(benignNames, backend));
    // the benign package, and the same with a layer that needs renaming in Python (NETC_NAMES)
    const pythonReferences = [
      writePythonPackage("benign", await build(benignNames, "pytorch")),
      writePythonPackage(
        "benign-renamed",
        await build({ ...benignNames, layers: ["L-0", ...benignNames.layers.slice(1)] }, "pytorch"),
      ),
    ];
    const pythonPackages: string[] = [];
    const toTypecheck: Map<string, string>[] = [];
    const typechecked = new Map<Backend, number>();
    let strings = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(hostileNames, async (names) => {
        strings += names.layers.length + 4;
        for (const backend of backends) {
          const files = await build(names, backend);
          expectSameProgram(reference.get(backend)!, files);
          const count = typechecked.get(backend) ?? 0;
          if (count < TYPECHECKED) {
            typechecked.set(backend, count + 1);
            toTypecheck.push(files);
          }
        }
        pythonPackages.push(writePythonPackage(`hostile-${run}`, await build(names, "pytorch")));
        run++;
      }),
      { numRuns: RUNS, seed: 10_2026, endOnFailure: true },
    );
    expect(strings).toBeGreaterThanOrEqual(5000);
    const errors = typecheckPackages(toTypecheck);
    expect(errors).toEqual(toTypecheck.map(() => []));

    const checked = spawnSync(
      python!,
      [
        path.join(repoRoot, "test/security/python-structure.py"),
        ...pythonReferences,
        ...pythonPackages,
      ],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(checked.stderr).toBe("");
    const verdict = JSON.parse(checked.stdout) as { files: number; failures: string[] };
    expect(verdict.failures).toEqual([]);
    // model.py, train.py and netc_runtime.py of every package
    expect(verdict.files).toBe(RUNS * 3);
  }, 900_000);
});
