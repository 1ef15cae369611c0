import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMnistPackage } from "../../src/runtime/index.js";
import { chromiumTool, launchChromium, openServedPage } from "../helpers/chromium.js";

/**
 * The examples, run as their READMEs say: LeNet-5 compiled for the loops backend with
 * `netc compile`, trained briefly with `netc train` (250 steps on 4,000 digits), then
 * (a) examples/app classifies the held-out digits with the checkpoint, and (b) the
 * browser page, in real headless Chromium, classifies MNIST digits pasted into its canvas.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");

let work: string;
let checkpoint: string;
let trainedAccuracy: number;

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stderr}`);
  return result.stdout;
}

const tsx = (script: string, ...args: string[]) =>
  run(process.execPath, ["--import", "tsx", script, ...args]);

beforeAll(() => {
  const main = path.join(root, "dist/cli/main.js");
  if (
    !existsSync(main) ||
    statSync(main).mtimeMs < statSync(path.join(root, "src/cli/commands/train.ts")).mtimeMs
  ) {
    run(process.execPath, [
      path.join(root, "node_modules/typescript/bin/tsc"),
      "-p",
      "tsconfig.build.json",
    ]);
  }
  work = mkdtempSync(path.join(tmpdir(), "netc-examples-"));
  checkpoint = path.join(work, "lenet5.ckpt");
  run(process.execPath, [
    bin,
    "compile",
    "models/lenet5.net",
    "--backend",
    "loops",
    "--out",
    "examples/app/lenet5",
  ]);
  const output = run(process.execPath, [
    bin,
    "train",
    "models/lenet5.net",
    "--backend",
    "loops",
    "--epochs",
    "1",
    "--limit",
    "4000",
    "--batch",
    "16",
    "--threads",
    "2",
    "--checkpoint",
    checkpoint,
    "--format",
    "json",
  ]);
  trainedAccuracy = (JSON.parse(output.trimEnd().split("\n").pop()!) as { testAccuracy: number })
    .testAccuracy;
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("examples/app", () => {
  it("loads the checkpoint and classifies the 2,000 held-out digits as well as training measured", () => {
    const output = tsx("examples/app/classify.ts", checkpoint, "4");
    const accuracy = Number(/accuracy on the 2000 held-out digits: ([\d.]+)%/.exec(output)?.[1]);
    expect(accuracy).toBeGreaterThan(85);
    // the same weights and preprocessing as the training script's own evaluation
    expect(accuracy).toBeCloseTo(trainedAccuracy * 100, 2);
    const { test } = loadMnistPackage();
    const lines = output.split("\n").filter((line) => line.startsWith("test digit"));
    expect(
      lines.map((line) => line.replace(/predicted \d/, "predicted ?").replace(/ [✓✗]$/, "")),
    ).toEqual([0, 1, 2, 3].map((i) => `test digit ${i}: predicted ?, label ${test.labels[i]}`));
  }, 60_000);
});

describe("examples/browser", () => {
  const browserTool = chromiumTool("examples/browser needs headless Chromium");

  it.skipIf(browserTool.skip)(
    "the page classifies MNIST digits pasted into its canvas, in headless Chromium",
    async () => {
      browserTool.require();
      tsx("examples/browser/build.ts", "examples/app/lenet5", checkpoint);
      const { serve } = await import("../../examples/browser/serve.js");
      const server: Server = await serve(0);
      const browser = await launchChromium();
      try {
        const { page, errors } = await openServedPage(browser, server);
        await page.waitForSelector('#prediction[data-state="empty"]');
        const { test } = loadMnistPackage();
        const digits = Array.from({ length: 10 }, (_, i) => i);
        const predictions: number[] = [];
        for (const index of digits) {
          const pixels = Array.from(test.images.subarray(index * 784, (index + 1) * 784));
          predictions.push(
            await page.evaluate(
              (p) =>
                (
                  globalThis as unknown as { netcDemo: { paste(p: number[]): number } }
                ).netcDemo.paste(p),
              pixels,
            ),
          );
          expect(await page.textContent("#prediction")).toBe(
            String(predictions[predictions.length - 1]),
          );
        }
        const labels = digits.map((i) => test.labels[i]!);
        const correct = predictions.filter((p, i) => p === labels[i]).length;
        // a 90% model on MNIST's own digits (recentred by the page as MNIST centred them)
        expect(correct, `predictions ${predictions} for labels ${labels}`).toBeGreaterThanOrEqual(
          9,
        );
        expect(errors).toEqual([]);
        await page.screenshot({ path: path.join(work, "browser.png") });
      } finally {
        await browser.close();
        server.close();
      }
    },
    60_000,
  );
});
