import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Silent divergence: models/mlp.net with sgd or adam at lr 1e6 drove the loss to 1e16–1e24
 * and the accuracy to chance, and the run ended with exit code 0 and no word. Through
 * `netc train` on both backends it must stop at the step where the loss exploded (exit 1,
 * one line suggesting a learning rate); a run that does not learn at all (lr 1e-9) warns.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");
const work = mkdtempSync(path.join(tmpdir(), "netc-divergence-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const mlp = readFileSync(path.join(root, "models/mlp.net"), "utf8");

/** models/mlp.net with another optimizer, written to the work folder. */
function mlpWith(optimizer: string): string {
  const file = path.join(work, `${optimizer.replace(/\W+/g, "-")}.net`);
  const text = mlp.replace(/optimizer = adam\(lr = 0\.001\)/, `optimizer = ${optimizer}`);
  expect(text).toContain(optimizer);
  writeFileSync(file, text);
  return file;
}

function train(file: string, backend: string) {
  const result = spawnSync(
    process.execPath,
    [bin, "train", file, "--backend", backend, "--epochs", "1", "--limit", "500", "--quiet"],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", NETC_CACHE_DIR: path.join(work, "cache") },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.each(["loops", "tfjs"] as const)("netc train --backend %s", (backend) => {
  it("stops sgd at lr 1e6 where the loss exploded, and suggests sgd's usual learning rate", () => {
    const run = train(mlpWith("sgd(lr = 1e6)"), backend);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^train: the loss exploded at epoch 1, step 2: [\d.]+e\+\d+, over 1,000 times the first step's [\d.]+; the learning rate 1000000 is too high: try --lr 0\.01 \(sgd's usual\) or lower, or enable gradient clipping\n$/,
    );
    expect(run.stdout).not.toContain("test accuracy");
  });

  it("stops adam at lr 1e6 the same way", () => {
    const run = train(mlpWith("adam(lr = 1e6)"), backend);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^train: the loss exploded at epoch 1, step \d+: .*try --lr 0\.001 \(adam's usual\) or lower, or enable gradient clipping\n$/,
    );
  });

  it("warns when the accuracy after an epoch is no better than chance (lr 1e-9: nothing is learnt)", () => {
    const run = train(mlpWith("sgd(lr = 1e-9)"), backend);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^train: warning: after epoch 1 the accuracy is \d+\.\d\d%, no better than chance \(\d+\.\d\d%, always answering the most frequent class\); the model is not learning: the learning rate may be far too high or too low$/m,
    );
  });
});
