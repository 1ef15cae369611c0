import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { typecheckPackage, typecheckPackages } from "../../src/codegen/typecheck.js";

/**
 * The in-process type check of generated packages (src/codegen/typecheck.ts) and what
 * the command line does with its verdict: `netc compile` writes and `netc train` runs
 * only packages that type-check; any other is a compiler bug, exit 70.
 */

// emitPackage is replaced so that a test can hand the command line a package that does
// not type-check, as a broken emitter would; every other call emits as usual.
const broken = { next: undefined as Map<string, string> | undefined };
vi.mock("../../src/codegen/package.js", async (original) => {
  const actual = await original<typeof import("../../src/codegen/package.js")>();
  return {
    ...actual,
    emitPackage: async (...args: Parameters<typeof actual.emitPackage>) => {
      const emitted = await actual.emitPackage(...args);
      if (broken.next === undefined) return emitted;
      return new Map([...emitted, ...broken.next]);
    },
  };
});
const { main } = await import("../../src/cli/main.js");

let work: string;
let net: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "netc-typecheck-"));
  net = path.join(work, "m.net");
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const ctx: CliContext = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: { NETC_CACHE_DIR: path.join(work, "cache"), NO_COLOR: "1" },
    cwd: work,
  };
  const code = await main(argv, ctx);
  return { code, out, err };
}

const model = `model M {
  input [1, 28, 28]
  flatten
  dense(10)
}

train M {
  data      = mnist()
  loss      = cross_entropy
  optimizer = sgd(lr = 0.01)
}
`;

describe("typecheckPackage", () => {
  it("reports each error with its file and line", () => {
    const errors = typecheckPackage(
      new Map([
        ["model.ts", 'export const a = 1;\nexport const b: number = "two";\n'],
        ["train.ts", 'import { a } from "./model.js";\nexport const c: string = a;\n'],
      ]),
    );
    expect(errors).toEqual([
      { file: "model.ts", line: 2, message: "Type 'string' is not assignable to type 'number'." },
      { file: "train.ts", line: 2, message: "Type 'number' is not assignable to type 'string'." },
    ]);
  });

  it("resolves netc/runtime, netc/runtime/tfjs, @tensorflow/tfjs and Node's types", () => {
    const errors = typecheckPackage(
      new Map([
        [
          "model.ts",
          'import { tf } from "netc/runtime/tfjs";\n' +
            'import { parseTrainFlags } from "netc/runtime";\n' +
            'import { cpus } from "node:os";\n' +
            "export const n: number = tf.scalar(1).rank + cpus().length;\n" +
            "export const f = parseTrainFlags;\n" +
            "export const url: string = import.meta.url;\n",
        ],
      ]),
    );
    expect(errors).toEqual([]);
  });

  it("sees no file outside netc's installation, whatever the package imports", () => {
    const outside = path.join(work, "outside.d.ts");
    writeFileSync(outside, "declare const secret: number;\n");
    const errors = typecheckPackage(
      new Map([
        [
          "model.ts",
          `/// <reference path=${JSON.stringify(outside)} />\n` +
            `import ${JSON.stringify(`${"../".repeat(20)}${outside.slice(1).replace(/\.d\.ts$/, ".js")}`)};\n` +
            "export const leaked: number = secret;\n",
        ],
      ]),
    );
    expect(errors.filter((e) => e.file === "model.ts").map((e) => e.line)).toEqual([1, 2, 3]);
    expect(errors[0]!.message).toBe(`File '${outside}' not found.`);
    expect(errors[2]!.message).toBe("Cannot find name 'secret'.");
  });

  it("checks several packages apart: the errors of each are its own", () => {
    const good = new Map([["model.ts", "export const a: number = 1;\n"]]);
    const bad = new Map([["model.ts", 'export const a: number = "1";\n']]);
    const [first, second, third] = typecheckPackages([good, bad, good]);
    expect(first).toEqual([]);
    expect(second!.map((e) => e.line)).toEqual([1]);
    expect(third).toEqual([]);
  });
});

describe("the command line writes and runs only packages that type-check", () => {
  it("netc compile: a package that does not type-check is an internal error (exit 70), and nothing is written", async () => {
    writeFileSync(net, model);
    broken.next = new Map([["model.ts", 'export const broken: number = "yes";\n']]);
    try {
      const r = await run(["compile", net, "--backend", "loops", "--out", "out"]);
      expect(r.code).toBe(70);
      // (model.ts no longer exports what train.ts imports: more errors, counted)
      expect(r.err).toMatch(
        /^netc: internal error: the generated package does not type-check: model\.ts:1: Type 'string' is not assignable to type 'number'\. \(and \d+ more\) — please report this\n$/,
      );
      expect(existsSync(path.join(work, "out"))).toBe(false);
    } finally {
      broken.next = undefined;
    }
  });

  it("netc train: the same refusal, and no training script is prepared or run", async () => {
    broken.next = new Map([["train.ts", "process.exit(42);\nexport const x: string = 1;\n"]]);
    try {
      const r = await run(["train", net, "--backend", "loops"]);
      expect(r.code).toBe(70);
      expect(r.err).toContain(
        "netc: internal error: the generated package does not type-check: train.ts:2:",
      );
      const cached = existsSync(path.join(work, "cache"))
        ? readdirSync(path.join(work, "cache")).filter((entry) => entry !== "type-checked")
        : [];
      expect(cached).toEqual([]);
    } finally {
      broken.next = undefined;
    }
  });

  it("a package that type-checks is compiled, and its verdict is remembered", async () => {
    const first = await run(["compile", net, "--backend", "loops", "--out", "out"]);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    const verdicts = readdirSync(path.join(work, "cache", "type-checked"));
    expect(verdicts).toHaveLength(1);
    const again = await run(["compile", net, "--backend", "loops", "--out", "out"]);
    expect(again.code).toBe(0);
    expect(readdirSync(path.join(work, "cache", "type-checked"))).toEqual(verdicts);
  });

  it("netc compile --backend wasm: its TypeScript is type-checked like the others' (exit 70 when it fails)", async () => {
    broken.next = new Map([["parallel.ts", 'export const broken: number = "yes";\n']]);
    try {
      const r = await run(["compile", net, "--backend", "wasm", "--out", "out-wasm"]);
      expect(r.code).toBe(70);
      expect(r.err).toContain(
        "netc: internal error: the generated package does not type-check: parallel.ts:1:",
      );
      expect(existsSync(path.join(work, "out-wasm"))).toBe(false);
    } finally {
      broken.next = undefined;
    }
  });

  it("netc compile --backend pytorch: Python is not type-checked, and no verdict is recorded for it", async () => {
    const verdicts = () =>
      existsSync(path.join(work, "cache", "type-checked"))
        ? readdirSync(path.join(work, "cache", "type-checked")).length
        : 0;
    const before = verdicts();
    const r = await run(["compile", net, "--backend", "pytorch", "--out", "out-pytorch"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(work, "out-pytorch")).sort()).toEqual([
      "README.md",
      "model.py",
      "netc_runtime.py",
      "train.py",
    ]);
    expect(verdicts()).toBe(before);
  });
});
