import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitPackage, type Backend } from "../../src/codegen/package.js";
import { typecheckPackages } from "../../src/codegen/typecheck.js";
import { callableLayerNames, checkText } from "../../src/semantics/index.js";
import { keywordTokens } from "../../src/syntax/tokens.js";
import { expectSameProgram, netString } from "./generated-code.js";
import { hostileIdentifiers, hostileString } from "./hostile.js";

/**
 * Issue 10's property test: arbitrary hostile Unicode in every user-controlled string
 * that reaches a generated package, on both backends. Each run builds one package with
 * LAYERS layers, each with its own hostile `name=` (the names reach comments, string
 * literals and identifiers), a hostile data path, checkpoint and log path (option
 * strings), a hostile .net file name (comments, README.md), and model and block names
 * drawn from reserved words and the generated code's own names. Every package must be
 * the same program as the one built from benign names (user text only inside literals
 * and comments, derived identifiers renamed one to one: test/security/generated-code.ts);
 * the first TYPECHECKED packages of each backend are also type-checked in full.
 *
 * RUNS × (LAYERS + 4) = 5,200 hostile strings per run of the suite, each compiled by both
 * backends. The seed is fixed, so a failure reproduces.
 */

const RUNS = 50;
const LAYERS = 100;
const TYPECHECKED = 2;
const backends: readonly Backend[] = ["loops", "tfjs"];

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

describe("hostile text in every user-controlled string", () => {
  it(`${RUNS} packages of ${LAYERS} hostile layer names each, on both backends: the benign program, and the first type-check`, async () => {
    const reference = new Map<Backend, Map<string, string>>();
    for (const backend of backends) reference.set(backend, await build(benignNames, backend));
    const toTypecheck: Map<string, string>[] = [];
    let strings = 0;
    await fc.assert(
      fc.asyncProperty(hostileNames, async (names) => {
        strings += names.layers.length + 4;
        for (const backend of backends) {
          const files = await build(names, backend);
          expectSameProgram(reference.get(backend)!, files);
          if (toTypecheck.length < TYPECHECKED * backends.length) toTypecheck.push(files);
        }
      }),
      { numRuns: RUNS, seed: 10_2026, endOnFailure: true },
    );
    expect(strings).toBeGreaterThanOrEqual(5000);
    const errors = typecheckPackages(toTypecheck);
    expect(errors).toEqual(toTypecheck.map(() => []));
  }, 900_000);
});
