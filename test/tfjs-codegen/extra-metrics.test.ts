import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitTfjs } from "../../src/codegen/tfjs/index.js";
import { checkText } from "../../src/semantics/index.js";
import { buildDir, repoRoot } from "./generated.js";

/**
 * `metrics = [accuracy, top5, loss]` in the train section reaches the generated tfjs
 * train.ts: a 1-epoch run on 320 digits reports validation and test top-5 accuracy and
 * mean loss in the JSON summary and in the metrics-log record.
 */

const source = `
model Tiny {
  input [784]
  dense(16) -> relu
  dense(10)
}

train Tiny {
  data      = mnist(validation = 0.25)
  loss      = cross_entropy
  optimizer = adam(lr = 0.01)
  metrics   = [accuracy, top5, loss]
  batch     = 32
  epochs    = 1
  seed      = 2
}
`;

describe("train-section metrics in the tfjs train.ts", () => {
  it("reports validation and test top-5 accuracy and loss", async () => {
    const { program, diagnostics } = checkText("tiny.net", source);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const files = await emitTfjs(program, "Tiny", { sourcePath: "tiny.net" });
    const dir = buildDir("extra-metrics");
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
    const log = join(dir, "metrics.jsonl");
    const output = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(dir, "train.ts"),
        "--limit",
        "320",
        "--device",
        "cpu",
        "--format",
        "json",
        "--quiet",
        "--log",
        log,
      ],
      { encoding: "utf8", cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 },
    );
    const summary = JSON.parse(output.trim().split("\n").at(-1)!) as Record<string, number>;
    expect(summary.testTop5).toBeGreaterThanOrEqual(summary.testAccuracy!);
    expect(summary.validationTop5).toBeGreaterThanOrEqual(summary.validationAccuracy!);
    expect(summary.testTop5).toBeLessThanOrEqual(1);
    expect(summary.testTop5).toBeGreaterThan(0.6);
    expect(Number.isFinite(summary.testLoss) && summary.testLoss! > 0).toBe(true);
    expect(Number.isFinite(summary.validationLoss) && summary.validationLoss! > 0).toBe(true);
    const record = JSON.parse(readFileSync(log, "utf8").trim()) as Record<string, number>;
    expect([record.testTop5, record.valTop5, record.testLoss, record.valLoss]).toEqual([
      summary.testTop5,
      summary.validationTop5,
      summary.testLoss,
      summary.validationLoss,
    ]);
  }, 120_000);
});
