import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "../../src/runtime/checkpoint-file.js";
import { encodeCheckpoint } from "../../src/runtime/checkpoint-format.js";

/**
 * Checkpoints across backends, through `netc train` as a user runs it: a checkpoint the
 * loops backend wrote resumes on tfjs and the reverse (and on the compiled wasm backend,
 * and the reverse), with the optimizer's slots carried
 * over (same names, same channels-first layout); an optimizer that does not fit starts
 * afresh with a one-line warning; a --checkpoint that is a directory fails before the
 * first epoch. A small convolutional model with batch norm and SGD momentum (the slot
 * that made loops → tfjs crash) on 200 digits, 4 steps per epoch.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");
const work = mkdtempSync(path.join(tmpdir(), "netc-resume-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const model = `model Tiny {
  input [1, 28, 28]
  conv2d(4, 5) -> batchnorm -> relu  # [4, 24, 24]
  maxpool(2)                         # [4, 12, 12]
  flatten
  dense(10)
}
`;
const trainSection = (optimizer: string) => `
train Tiny {
  data      = mnist(normalize = [0.1307, 0.3081])
  loss      = cross_entropy
  optimizer = ${optimizer}
  batch     = 50
  epochs    = 2
  seed      = 3
}
`;
const sgdFile = path.join(work, "tiny.net");
const adamFile = path.join(work, "tiny-adam.net");
writeFileSync(sgdFile, model + trainSection("sgd(lr = 0.05, momentum = 0.9)"));
writeFileSync(adamFile, model + trainSection("adam(lr = 0.001)"));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function netcTrain(file: string, backend: "loops" | "tfjs" | "wasm", ...flags: string[]): Run {
  const device = backend === "tfjs" ? ["--device", "cpu"] : ["--threads", "1"];
  const result = spawnSync(
    process.execPath,
    [bin, "train", file, "--backend", backend, "--limit", "200", "--quiet", ...device, ...flags],
    {
      cwd: work,
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, NO_COLOR: "1", NETC_CACHE_DIR: path.join(work, "cache") },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const parameters = (file: string) =>
  new Map(loadCheckpoint(file).parameters.map((t) => [t.name, Array.from(t.data)]));

function largestDifference(a: Map<string, number[]>, b: Map<string, number[]>): number {
  let largest = 0;
  for (const [name, values] of a) {
    const other = b.get(name)!;
    values.forEach((value, i) => (largest = Math.max(largest, Math.abs(value - other[i]!))));
  }
  return largest;
}

describe.each([
  ["loops", "tfjs"],
  ["tfjs", "loops"],
  ["wasm", "loops"],
  ["loops", "wasm"],
] as const)("a %s checkpoint resumed by %s", (first, second) => {
  const checkpoint = path.join(work, `${first}-then-${second}.ckpt`);
  const straight = path.join(work, `${first}-straight.ckpt`);

  it("continues with the optimizer state carried over, as if the run had not changed backend", () => {
    const one = netcTrain(sgdFile, first, "--epochs", "1", "--checkpoint", checkpoint);
    expect(one.stderr).not.toMatch(/warning|Error/);
    expect(one.status).toBe(0);
    expect(loadCheckpoint(checkpoint).backend).toBe(first);
    const velocity = loadCheckpoint(checkpoint).optimizer.tensors;
    expect(velocity.map((t) => t.name)).toEqual([
      "conv2d_1.weight/velocity",
      "conv2d_1.bias/velocity",
      "batchnorm_1.gamma/velocity",
      "batchnorm_1.beta/velocity",
      "dense_1.weight/velocity",
      "dense_1.bias/velocity",
    ]);
    expect(velocity.every((t) => t.data.some((v) => v !== 0))).toBe(true);

    // the same checkpoint with its velocity zeroed: what a resume that dropped the state does
    const zeroed = path.join(work, `${first}-then-${second}-zeroed.ckpt`);
    const saved = loadCheckpoint(checkpoint);
    writeFileSync(
      zeroed,
      encodeCheckpoint({
        ...saved,
        optimizer: {
          ...saved.optimizer,
          tensors: saved.optimizer.tensors.map((t) => ({
            ...t,
            data: new Float32Array(t.data.length),
          })),
        },
      }),
    );

    const resumed = netcTrain(
      sgdFile,
      second,
      "--epochs",
      "2",
      "--checkpoint",
      checkpoint,
      "--resume",
    );
    expect(resumed.stderr).not.toMatch(/warning|Error|\n\s+at /);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout + resumed.stderr).toMatch(/resumed from .* at epoch 2, step 1/);
    const after = loadCheckpoint(checkpoint);
    expect([after.backend, after.epoch, after.step, after.globalStep]).toEqual([second, 2, 0, 8]);

    expect(
      netcTrain(sgdFile, second, "--epochs", "2", "--checkpoint", zeroed, "--resume").status,
    ).toBe(0);
    expect(netcTrain(sgdFile, first, "--epochs", "2", "--checkpoint", straight).status).toBe(0);
    // two epochs on the first backend ≈ one there and one here (the backends differ only
    // by float rounding), far closer than a resume that lost the momentum
    const resumedVsStraight = largestDifference(parameters(checkpoint), parameters(straight));
    const zeroedVsStraight = largestDifference(parameters(zeroed), parameters(straight));
    expect(resumedVsStraight).toBeLessThan(1e-4);
    expect(zeroedVsStraight).toBeGreaterThan(100 * resumedVsStraight);
  });

  it("with another optimizer: a one-line warning, the weights resume, the optimizer starts afresh", () => {
    const run = netcTrain(
      adamFile,
      second,
      "--epochs",
      "3",
      "--checkpoint",
      path.join(work, `${first}-then-${second}.ckpt`),
      "--resume",
    );
    expect(run.status).toBe(0);
    const warnings = run.stderr.split("\n").filter((line) => line.includes("warning"));
    expect(warnings).toEqual([
      `train: warning: ${path.join(work, `${first}-then-${second}.ckpt`)}: the checkpoint's optimizer state (sgd: velocity) does not fit this run's optimizer (adam: first_moment, second_moment); the weights resume and the optimizer starts afresh`,
    ]);
  });
});

describe("--checkpoint that names a directory", () => {
  it.each(["loops", "tfjs"] as const)(
    "%s: fails before the first epoch, with one line and exit 2",
    (backend) => {
      const directory = path.join(work, `checkpoints-${backend}`);
      mkdirSync(directory, { recursive: true });
      const run = netcTrain(sgdFile, backend, "--epochs", "1", "--checkpoint", directory);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(
        `train: ${directory}: --checkpoint names a directory; give a file path such as ${directory}/model.ckpt\n`,
      );
      expect(run.stdout).not.toMatch(/epoch|accuracy/);
    },
  );
});
