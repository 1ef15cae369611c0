import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { encodeIdxImages, encodeIdxLabels } from "../../src/runtime/idx-format.js";

/**
 * Inputs that once crashed, hung or trained on nothing, through `netc train` on both
 * backends: each must end with exit code 2 and one line on stderr before the first step
 * (no progress line, no epoch). A hang shows as a null exit code (the 60 s timeout).
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");
const work = mkdtempSync(path.join(tmpdir(), "netc-train-errors-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function netc(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", NETC_CACHE_DIR: path.join(work, "cache") },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An MNIST-layout folder whose training file holds 0 images. */
function emptyIdxFolder(): string {
  const dir = path.join(work, "empty-idx");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "train-images-idx3-ubyte"),
    encodeIdxImages(new Uint8Array(0), 0, 28, 28),
  );
  writeFileSync(path.join(dir, "train-labels-idx1-ubyte"), encodeIdxLabels(new Uint8Array(0)));
  writeFileSync(
    path.join(dir, "t10k-images-idx3-ubyte"),
    encodeIdxImages(new Uint8Array(784), 1, 28, 28),
  );
  writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte"), encodeIdxLabels(Uint8Array.of(3)));
  return dir;
}

function expectRefusedBeforeTraining(run: ReturnType<typeof netc>, line: string): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toBe(`train: ${line}\n`);
  expect(run.stdout).not.toMatch(/epoch|accuracy/);
}

describe.each(["loops", "tfjs"] as const)(
  "netc train --backend %s refuses before training",
  (backend) => {
    const train = (...flags: string[]) =>
      netc(["train", "models/mlp.net", "--backend", backend, "--epochs", "1", ...flags]);

    it("a batch of 1,000,000,000 (it died allocating it, with a stack trace)", () => {
      expectRefusedBeforeTraining(
        train("--limit", "100", "--batch", "1000000000"),
        "batch 1000000000 is larger than the training set (100 samples, --limit 100): pass --batch 100 or less",
      );
    });

    it("a metrics log under /proc (it hung for ever)", () => {
      const log = "/proc/netc-no-such-dir/metrics.jsonl";
      expectRefusedBeforeTraining(
        train("--limit", "100", "--log", log),
        `--log ${log}: cannot create the folder /proc/netc-no-such-dir: no such file or directory`,
      );
    });

    it("an IDX training file with 0 images (it trained on nothing and exited 0)", () => {
      const dir = emptyIdxFolder();
      expectRefusedBeforeTraining(
        train("--data", dir),
        `${path.join(dir, "train-images-idx3-ubyte")}: 0 images; there is nothing to train on`,
      );
    });
  },
);

it("netc train --backend loops refuses a thousand threads", () => {
  const run = netc(["train", "models/mlp.net", "--backend", "loops", "--threads", "1000"]);
  expectRefusedBeforeTraining(run, '--threads expects a whole number from 1 to 256, got "1000"');
});

const gpuInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve("@tensorflow/tfjs-node-gpu");
    return true;
  } catch {
    return false;
  }
})();

it.skipIf(gpuInstalled)(
  "netc train --device gpu without tfjs-node-gpu (it died with a stack trace)",
  () => {
    const run = netc(["train", "models/mlp.net", "--backend", "tfjs", "--device", "gpu"]);
    expectRefusedBeforeTraining(
      run,
      "tfjs device 'gpu' is not available: @tensorflow/tfjs-node-gpu not installed",
    );
  },
);
