import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../src/codegen/package.js";
import { typecheckPackages } from "../../src/codegen/typecheck.js";
import { selectDevice } from "../../src/runtime/tfjs/index.js";
import {
  ensureBuilt,
  expectSameProgram,
  netc,
  netString,
  packageOf,
  repoRoot,
} from "./generated-code.js";

/**
 * Issue 10's first attack, each form as reproduced: user text that reached generated
 * code unescaped and ended a comment or a string, so that `netc train` ran code written
 * in the .net file. Every case builds the package twice, from the hostile text and from
 * a benign one, and requires the same program (the text stays inside literals and
 * comments) and a clean type check; the original attack also runs through `netc train`.
 */

const backends: readonly Backend[] = ["loops", "tfjs"];

function program(options: { layerName?: string; model?: string; data?: string }): string {
  const model = options.model ?? "M";
  const name = options.layerName === undefined ? "" : `, name=${netString(options.layerName)}`;
  return `model ${model} {
  input [1, 28, 28]
  flatten
  dense(10${name})
}

train ${model} {
  data      = ${options.data ?? "mnist()"}
  loss      = cross_entropy
  optimizer = sgd(lr = 0.01)
  batch     = 32
  epochs    = 1
}
`;
}

/** The hostile and benign packages are the same program, and the hostile one type-checks. */
async function expectContained(
  hostile: { file?: string; text: string },
  benign: { file?: string; text: string },
  backend: Backend,
  model = "M",
): Promise<Map<string, string>> {
  const built = await packageOf(hostile.file ?? "attack.net", hostile.text, model, backend);
  const reference = await packageOf(benign.file ?? "attack.net", benign.text, model, backend);
  expectSameProgram(reference, built);
  expect(typecheckPackages([built])).toEqual([[]]);
  return built;
}

/** Loads the package's model.ts and takes one training step on 4 random samples; returns the loss. */
async function trainOneStep(
  files: ReadonlyMap<string, string>,
  backend: Backend,
  dir: string,
): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const runtime = path.join(repoRoot, "src/runtime/tfjs/index.ts");
  const model = files.get("model.ts")!.replace(`"netc/runtime/tfjs"`, JSON.stringify(runtime));
  writeFileSync(path.join(dir, "model.ts"), model);
  const exports = (await import(path.join(dir, "model.ts"))) as Record<string, unknown>;
  const input = Float32Array.from({ length: 4 * 784 }, (_, i) => ((i * 7919) % 255) / 255);
  const labels = [1, 2, 3, 4];
  if (backend === "tfjs") {
    const created = (exports.createModel as () => TfjsModel)();
    created.initialize(1);
    const { loss } = created.step(input, labels, 4);
    created.dispose();
    return loss;
  }
  const classes = Object.values(exports).filter(
    (value): value is new (maxBatch: number) => LoopsModel =>
      typeof value === "function" && "computeGradients" in (value.prototype as object),
  );
  expect(classes).toHaveLength(1);
  const created = new classes[0]!(4);
  created.initialize(1);
  const loss = created.computeGradients(input, labels, 4);
  created.step(0.01);
  return loss;
}

interface TfjsModel {
  initialize(seed: number): void;
  step(input: Float32Array, labels: ArrayLike<number>, n: number): { loss: number };
  dispose(): void;
}

interface LoopsModel {
  initialize(seed: number): void;
  computeGradients(input: Float32Array, labels: ArrayLike<number>, n: number): number;
  step(lr: number): void;
}

/** The run trained to its end: exit 0, and nothing on stderr but the script's warnings (one epoch on 64 samples is near chance). */
function expectTrained(run: { code: number | null; stderr: string }): void {
  expect(run.stderr).toMatch(/^(train: warning: [^\n]*\n)*$/);
  expect(run.code).toBe(0);
}

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), "netc-injection-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a layer name that ends a `//` comment", () => {
  const attack = "x\n process.exit(42); //";

  for (const backend of backends) {
    it(`${backend}: the package is the benign one's, and \`netc train\` trains instead of exiting 42`, async () => {
      await expectContained(
        { text: program({ layerName: attack }) },
        { text: program({ layerName: "x" }) },
        backend,
      );
      const file = path.join(work, `attack-${backend}.net`);
      writeFileSync(file, program({ layerName: attack }));
      const run = netc(
        ["train", file, "--backend", backend, "--limit", "64", "--epochs", "1", "--quiet"],
        { cwd: work, env: { NETC_CACHE_DIR: path.join(work, "cache") } },
      );
      expectTrained(run);
    });
  }
});

describe("line terminators JavaScript has and .net strings may hold", () => {
  for (const backend of backends) {
    for (const terminator of ["\u2028", "\u2029"]) {
      const shown = `U+${terminator.codePointAt(0)!.toString(16).toUpperCase()}`;
      it(`${backend}: ${shown} in a layer name`, async () => {
        await expectContained(
          { text: program({ layerName: `x${terminator} process.exit(42); //` }) },
          { text: program({ layerName: "x" }) },
          backend,
        );
      });

      it(`${backend}: ${shown} in a data path, which train.ts quotes in a comment`, async () => {
        const built = await expectContained(
          {
            text: program({ data: `idx(path = ${netString(`d${terminator}process.exit(42)//`)})` }),
          },
          { text: program({ data: `idx(path = "d")` }) },
          backend,
        );
        expect(built.get("train.ts")).toContain("\\u" + terminator.codePointAt(0)!.toString(16));
      });
    }
  }
});

describe("comment closers and file names", () => {
  for (const backend of backends) {
    it(`${backend}: \`*/\` in a layer name does not close the JSDoc comments it appears in`, async () => {
      await expectContained(
        { text: program({ layerName: "*/ process.exit(42); /*" }) },
        { text: program({ layerName: "x" }) },
        backend,
      );
    });

    for (const [shown, character] of [
      ["CR", "\r"],
      ["U+2028", "\u2028"],
      ["a backtick and ${", "`${"],
    ] as const) {
      it(`${backend}: ${shown} in the .net file's name, which comments and README.md quote`, async () => {
        const file = `dir/a${character} process.exit(42); x.net`;
        const built = await expectContained(
          { file, text: program({}) },
          { file: "dir/a.net", text: program({}) },
          backend,
        );
        // README.md quotes the name in one code span, on one line
        const readme = built.get("README.md")!;
        expect(readme).not.toMatch(/[\r\u2028]/);
        expect(readme).toContain(
          character === "`${"
            ? "``a`${ process.exit(42); x.net``"
            : `\`a${character === "\r" ? "\\r" : "\\u2028"} process.exit(42); x.net\``,
        );
      });
    }
  }
});

describe("models named after words and names of the generated code's world", () => {
  const names = [
    "delete",
    "class",
    "await",
    "Math",
    "process",
    "Float32Array",
    "eval",
    "Promise",
    "config",
    "flags",
    "arguments",
    "undefined",
  ];
  const text = names.map((name) => program({ model: name })).join("\n");

  beforeAll(async () => {
    await selectDevice("cpu", { announce: () => {} });
  });

  for (const backend of backends) {
    it(`${backend}: every one compiles to a package that type-checks, and its model trains a step`, async () => {
      const packages = [];
      for (const name of names) packages.push(await packageOf("world.net", text, name, backend));
      const errors = typecheckPackages(packages);
      expect(Object.fromEntries(names.map((name, i) => [name, errors[i]]))).toEqual(
        Object.fromEntries(names.map((name) => [name, []])),
      );
      for (const [i, name] of names.entries()) {
        const loss = await trainOneStep(
          packages[i]!,
          backend,
          path.join(work, `world-${backend}-${i}`),
        );
        expect(loss, name).toBeGreaterThan(0);
        expect(Number.isFinite(loss), name).toBe(true);
      }
    });
  }

  it("loops: a model named `flags` trains through `netc train`", () => {
    const file = path.join(work, "flags.net");
    mkdirSync(work, { recursive: true });
    writeFileSync(file, program({ model: "flags" }));
    const run = netc(
      ["train", file, "--backend", "loops", "--limit", "64", "--epochs", "1", "--quiet"],
      { cwd: work, env: { NETC_CACHE_DIR: path.join(work, "cache") } },
    );
    expectTrained(run);
  });

  it("tfjs: a model named `Math` trains through `netc train`", () => {
    const file = path.join(work, "math.net");
    writeFileSync(file, program({ model: "Math" }));
    const run = netc(
      ["train", file, "--backend", "tfjs", "--limit", "64", "--epochs", "1", "--quiet"],
      { cwd: work, env: { NETC_CACHE_DIR: path.join(work, "cache") } },
    );
    expectTrained(run);
  });
});
