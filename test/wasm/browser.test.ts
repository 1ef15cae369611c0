import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { enableRelaxedSimd } from "../../src/runtime/wasm-features.js";
import { chromiumTool, launchChromium, openServedPage } from "../helpers/chromium.js";
import { checkOk, repoRoot } from "../loops/compile-helper.js";
import { emitWasmToDirectory, type WasmModelClass } from "./compile-helper.js";

/**
 * The compiled LeNet-5 in a real browser (headless Chromium): the generated model.ts and
 * model-wasm.ts, types erased, loaded by a page as ES modules; 20 training steps on a
 * fixed batch from seed 42, whose losses must decrease and agree with the same steps in
 * Node. The page is served twice: cross-origin isolated (COOP/COEP headers: the model
 * gets a shared memory, as for threads) and not (no SharedArrayBuffer: the model patches
 * its binary's memory import to an unshared one). Node runs the relaxed-SIMD build
 * (fused multiply-add) as current Chromium does, so the two runs are the same float32
 * arithmetic: the losses agree to the last bits of the f64 loss, which the host's
 * Math.exp/log compute (V8 versions may differ there in the last ulp). Where one engine
 * lacks relaxed SIMD, they agree to float32 rounding over the first steps.
 */

const STEPS = 20;
const BATCH = 16;

/** The fixed batch, as the page computes it too (the same text runs in both). */
const batchSource = `export function fixedBatch(batch, size) {
  const images = new Float32Array(batch * size);
  const labels = new Int32Array(batch);
  let state = 987654;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let i = 0; i < images.length; i++) images[i] = next() < 0.8 ? -0.42 : 2.8 * next();
  for (let i = 0; i < batch; i++) labels[i] = Math.floor(next() * 10);
  return { images, labels };
}
`;

const pageSource = `<!doctype html>
<meta charset="utf-8" />
<script type="module">
  import { LeNet5, INPUT_SIZE } from "./model.js";
  import { fixedBatch } from "./batch.js";
  try {
    const model = new LeNet5(${BATCH});
    model.initialize(42);
    const { images, labels } = fixedBatch(${BATCH}, INPUT_SIZE);
    const losses = [];
    for (let step = 0; step < ${STEPS}; step++) {
      losses.push(model.computeGradients(images, labels, ${BATCH}));
      model.step(0.05);
    }
    window.netcResult = { losses, relaxed: model.relaxed, isolated: self.crossOriginIsolated };
  } catch (error) {
    window.netcResult = { error: String(error) };
  }
</script>
`;

function serve(directory: string, isolated: boolean): Promise<Server> {
  const server = createServer((request, response) => {
    const name =
      new URL(request.url ?? "/", "http://localhost").pathname.replace(/^\/+/, "") || "index.html";
    const file = join(directory, name);
    if (!/^[\w.-]+$/.test(name) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      "content-type": name.endsWith(".html") ? "text/html" : "text/javascript",
      ...(isolated
        ? {
            "cross-origin-opener-policy": "same-origin",
            "cross-origin-embedder-policy": "require-corp",
          }
        : {}),
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("compiled LeNet-5 in headless Chromium", () => {
  const browserTool = chromiumTool("headless Chromium");

  it.skipIf(browserTool.skip)(
    "takes 20 steps in the page, loss decreasing, agreeing with Node, with and without cross-origin isolation",
    async () => {
      browserTool.require();
      const path = "models/lenet5.net";
      const text = readFileSync(join(repoRoot, path), "utf8");
      const { directory, files } = await emitWasmToDirectory(
        checkOk(path, text),
        "LeNet5",
        { sourcePath: path, sourceText: text },
        "browser",
      );
      const site = join(directory, "site");
      mkdirSync(site, { recursive: true });
      for (const name of ["model.ts", "model-wasm.ts"]) {
        const js = ts.transpileModule(files.get(name)!, {
          compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 },
        }).outputText;
        writeFileSync(join(site, name.replace(/\.ts$/, ".js")), js);
      }
      writeFileSync(join(site, "batch.js"), batchSource);
      writeFileSync(join(site, "index.html"), pageSource);

      // the same steps in Node, from the same generated code
      const { LeNet5 } = (await import(join(directory, "model.ts"))) as { LeNet5: WasmModelClass };
      const { fixedBatch } = (await import(
        `data:text/javascript,${encodeURIComponent(batchSource)}`
      )) as {
        fixedBatch(batch: number, size: number): { images: Float32Array; labels: Int32Array };
      };
      enableRelaxedSimd();
      const model = new LeNet5(BATCH);
      model.initialize(42);
      const { images, labels } = fixedBatch(BATCH, 784);
      const expected: number[] = [];
      for (let step = 0; step < STEPS; step++) {
        expected.push(model.computeGradients(images, labels, BATCH));
        model.step(0.05);
      }

      const browser = await launchChromium();
      try {
        for (const isolated of [true, false]) {
          const server = await serve(site, isolated);
          try {
            const { page, errors } = await openServedPage(browser, server);
            await page.waitForFunction(
              () => (globalThis as { netcResult?: unknown }).netcResult !== undefined,
              undefined,
              { timeout: 60_000 },
            );
            const result = (await page.evaluate(
              () => (globalThis as unknown as { netcResult: unknown }).netcResult,
            )) as {
              losses?: number[];
              relaxed?: boolean;
              isolated?: boolean;
              error?: string;
            };
            expect(result.error).toBeUndefined();
            expect(errors).toEqual([]);
            expect(result.isolated).toBe(isolated);
            const losses = result.losses!;
            expect(losses).toHaveLength(STEPS);
            expect(losses[STEPS - 1]!).toBeLessThan(losses[0]! * 0.8);
            if (result.relaxed === model.relaxed) {
              for (let step = 0; step < STEPS; step++)
                expect(losses[step]!).toBeCloseTo(expected[step]!, 12);
            } else
              for (let step = 0; step < 5; step++)
                expect(
                  Math.abs(losses[step]! - expected[step]!),
                  `step ${step}: page ${losses[step]}, node ${expected[step]}`,
                ).toBeLessThan(1e-4 * Math.abs(expected[step]!));
            await page.close();
          } finally {
            server.close();
          }
        }
      } finally {
        await browser.close();
      }
    },
    180_000,
  );
});
