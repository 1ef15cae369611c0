import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOk, emitToDirectory, repoRoot } from "./compile-helper.js";

/**
 * `metrics = [accuracy, top5, loss]` in the train section reaches the generated loops
 * train.ts: a 1-epoch run on 320 digits reports top-5 accuracy and mean loss for the
 * validation and test sets in the JSON summary and in each metrics-log record.
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
  optimizer = sgd(lr = 0.05)
  metrics   = [accuracy, top5, loss]
  batch     = 32
  epochs    = 1
  seed      = 2
}
`;

describe("train-section metrics in the loops train.ts", () => {
  it("reports validation and test top-5 accuracy and loss", async () => {
    const { directory, files } = await emitToDirectory(
      checkOk("tiny.net", source),
      "Tiny",
      { sourcePath: "tiny.net", sourceText: source },
      "extra-metrics",
    );
    expect(files.get("train.ts")!).toContain("new TopKCounter(5)");
    // netc/runtime resolves to dist/ once built; point at the sources, which have TopKCounter
    const runtime = JSON.stringify(join(repoRoot, "src/runtime/index.ts"));
    writeFileSync(
      join(directory, "train.ts"),
      files.get("train.ts")!.replace(`from "netc/runtime"`, `from ${runtime}`),
    );
    const log = join(directory, "metrics.jsonl");
    const output = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "train.ts",
        "--limit",
        "320",
        "--threads",
        "1",
        "--format",
        "json",
        "--log",
        log,
      ],
      {
        cwd: directory,
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    const summary = JSON.parse(output.trim().split("\n").at(-1)!) as Record<string, number>;
    expect(summary.testTop5).toBeGreaterThanOrEqual(summary.testAccuracy!);
    expect(summary.validationTop5).toBeGreaterThanOrEqual(summary.validationAccuracy!);
    expect(summary.testTop5).toBeLessThanOrEqual(1);
    // an untrained 10-class model scores about 50%; one epoch must do better
    expect(summary.testTop5).toBeGreaterThan(0.6);
    expect(Number.isFinite(summary.testLoss) && summary.testLoss! > 0).toBe(true);
    expect(Number.isFinite(summary.validationLoss) && summary.validationLoss! > 0).toBe(true);
    const records = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, number>);
    expect(records).toHaveLength(1);
    expect([
      records[0]!.testTop5,
      records[0]!.valTop5,
      records[0]!.testLoss,
      records[0]!.valLoss,
    ]).toEqual([
      summary.testTop5,
      summary.validationTop5,
      summary.testLoss,
      summary.validationLoss,
    ]);
  });
});
