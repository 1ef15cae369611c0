import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrainFlags, trainHelpText } from "../../src/runtime/index.js";
import { checkOk, emitToDirectory, repoRoot } from "./compile-helper.js";

/**
 * Data-parallel training (the generated parallel.ts): a worker that throws or exits
 * mid-run stops training at once with one clear line and exit code 1 (the main thread
 * waits with Atomics.waitAsync raced against the worker's 'error'/'exit' events, never a
 * blocking wait with a timeout); --threads picks the thread count and a run is
 * reproducible for a given count.
 */

async function mlpPackage(label: string): Promise<string> {
  const text = readFileSync(join(repoRoot, "models/mlp.net"), "utf8");
  const program = checkOk("models/mlp.net", text);
  const { directory } = await emitToDirectory(
    program,
    "MLP",
    { sourcePath: "models/mlp.net", sourceText: text },
    label,
  );
  const toRepo = relative(directory, repoRoot).split("\\").join("/");
  writeFileSync(
    join(directory, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        paths: { "netc/runtime": [`${toRepo}/src/runtime/index.ts`] },
      },
    }),
  );
  return directory;
}

/** Rewrites the worker's gradient call in parallel.ts so that its third step runs `fault` first. */
function injectFault(directory: string, fault: string): void {
  const path = join(directory, "parallel.ts");
  const source = readFileSync(path, "utf8");
  const call = "losses[setup.worker] = model.computeGradients(images, labels, share);";
  expect(source).toContain(call);
  writeFileSync(path, source.replace(call, `if (step === 3) ${fault}\n      ${call}`));
}

function train(directory: string, ...flags: string[]) {
  // 400 MLP samples in batches of 100: 4 steps
  return spawnSync(
    process.execPath,
    ["--import", "tsx", "train.ts", "--limit", "400", "--epochs", "1", "--quiet", ...flags],
    {
      cwd: directory,
      encoding: "utf8",
      timeout: 90_000,
    },
  );
}

describe("a failing worker thread", () => {
  it("that throws: training stops with the worker's error as one line, exit code 1", async () => {
    const directory = await mlpPackage("fault-throw");
    injectFault(directory, 'throw new Error("injected failure");');
    const result = train(directory, "--threads", "2");
    expect(result.signal).toBeNull(); // ended by itself, not by the timeout
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^train: worker thread 1 failed: injected failure \(at .*parallel\.ts/,
    );
  });

  it("that exits: training stops at once with its exit code, exit code 1", async () => {
    const directory = await mlpPackage("fault-exit");
    injectFault(directory, "process.exit(7);");
    const result = train(directory, "--threads", "3");
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^train: worker thread [12] stopped unexpectedly \(exit code 7\)$/,
    );
  });
});

describe("--threads", () => {
  it("the same thread count gives bit-identical weights; one thread differs only by float rounding", async () => {
    const directory = await mlpPackage("threads");
    const { loadCheckpoint } = await import("../../src/runtime/index.js");
    const weights = (threads: string, name: string) => {
      const checkpoint = join(directory, name);
      execFileSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "train.ts",
          "--limit",
          "400",
          "--epochs",
          "1",
          "--quiet",
          "--threads",
          threads,
          "--checkpoint",
          checkpoint,
        ],
        {
          cwd: directory,
          timeout: 90_000,
        },
      );
      return loadCheckpoint(checkpoint).parameters.map((t) => Array.from(t.data));
    };
    const first = weights("2", "a.ckpt");
    expect(weights("2", "b.ckpt")).toEqual(first);
    // one thread: the same mathematics (no batch norm or dropout in the MLP), summed in another order
    const single = weights("1", "c.ckpt").flat();
    const flat = first.flat();
    expect(single).not.toEqual(flat);
    const worst = single.reduce((most, w, i) => Math.max(most, Math.abs(w - flat[i]!)), 0);
    expect(worst).toBeLessThan(1e-4);
  });

  it("is a flag of the loops and wasm backends that takes a whole number from 1 to 256, and --help documents it", () => {
    const spec = {
      program: "train",
      model: "M",
      backend: "loops",
      defaults: { epochs: 1, batch: 8, lr: 0.1, seed: 0 },
    } as const;
    expect(parseTrainFlags(["--threads", "3"], spec).threads).toBe(3);
    expect(parseTrainFlags([], spec).threads).toBeUndefined();
    expect(() => parseTrainFlags(["--threads", "0"], spec)).toThrow(
      '--threads expects a whole number from 1 to 256, got "0"',
    );
    expect(() => parseTrainFlags(["--threads", "2"], { ...spec, backend: "tfjs" })).toThrow(
      "--threads applies to the loops and wasm backends only",
    );
    expect(trainHelpText(spec)).toMatch(/--threads N +threads for data-parallel training/);
    expect(trainHelpText({ ...spec, backend: "tfjs" })).not.toContain("--threads");
  });
});
