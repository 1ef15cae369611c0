import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DENSE_SHARE } from "../../src/codegen/wasm/kernels/sparse-gradient.js";
import { checkOk, pseudoRandom, repoRoot } from "../loops/compile-helper.js";
import { loadWasmClass, type WasmModelClass } from "./compile-helper.js";

/**
 * A dense layer's weight gradient dW = dyᵀ·x reads dy and x one record per step of its
 * sum. When the call's batch fits the buffers sized for the batch the package was compiled
 * for, the compiled backend either
 * - lists each output's nonzero dy and sums only those samples' rows of x, when at most
 *   `DENSE_SHARE` of dy is nonzero (src/codegen/wasm/kernels/sparse-gradient.ts), or
 * - copies dy into micro-panels and each panel of x into contiguous rows
 *   (src/codegen/wasm/kernels/gemm.ts, `packA` and `pack`);
 * for a larger batch it reads both in place. All three add the same nonzero products in
 * the same order, so their gradients must agree bit for bit, on every tile shape the MLP's
 * products take (500 rows: whole blocks; 10 rows: a tail block).
 *
 * The MLP's hidden layer is a ReLU: about half of its units are off for a sample, and
 * their dy is exactly 0 (the lists' path). With tanh instead, no dy is 0 (the packed path).
 */

const file = "models/mlp.net";
const relu = readFileSync(join(repoRoot, file), "utf8");
const tanh = relu.replace("dense(hidden) -> relu", "dense(hidden) -> tanh");
const BATCH = 12;

async function compiledFor(text: string, maxBatch: number): Promise<WasmModelClass> {
  const activation = text === relu ? "relu" : "tanh";
  const { Model, directory } = await loadWasmClass(
    checkOk(file, text),
    "MLP",
    { sourcePath: file, sourceText: text, maxBatch },
    `packing-${activation}-${maxBatch}`,
  );
  const wat = readFileSync(join(directory, "model.wat"), "utf8");
  // the guard that picks the path names the capacity the package was compiled for
  expect(wat).toContain(`(i32.le_u (local.get $n) (i32.const ${maxBatch}))`);
  return Model;
}

interface Run {
  loss: number;
  grads: Float32Array;
  /** Share of (sample, hidden unit) pairs whose pre-activation is positive. */
  active: number;
}

function run(Model: WasmModelClass, n: number): Run {
  const model = new Model(n);
  model.initialize(11);
  const images = Float32Array.from(pseudoRandom(n * 784, 5));
  const labels = Int32Array.from({ length: n }, (_, s) => (s * 7) % 10);
  // the hidden pre-activations W·x + b from the initial weights (W stored [500, 784], then b)
  let positive = 0;
  for (let s = 0; s < n; s++)
    for (let o = 0; o < 500; o++) {
      let h = model.params[500 * 784 + o]!;
      for (let i = 0; i < 784; i++) h += model.params[o * 784 + i]! * images[s * 784 + i]!;
      if (h > 0) positive++;
    }
  const loss = model.computeGradients(images, labels, n);
  return { loss, grads: model.grads.slice() as Float32Array, active: positive / (n * 500) };
}

function differing(a: Float32Array, b: Float32Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) count++;
  return count;
}

describe("compiled dense weight gradients: listed, packed and in-place operands agree", () => {
  it("ReLU: the nonzero dy's lists (within the compiled capacity) equal the in-place product, bit for bit", async () => {
    const listed = run(await compiledFor(relu, BATCH), BATCH);
    const inPlace = run(await compiledFor(relu, 5), BATCH);
    // few enough nonzero dy for the lists: dy is 0 wherever the unit is off
    expect(listed.active).toBeGreaterThan(0.3);
    expect(listed.active).toBeLessThan((0.9 * DENSE_SHARE.nonzero) / DENSE_SHARE.of);
    expect(inPlace.loss).toBe(listed.loss);
    expect(differing(listed.grads, inPlace.grads)).toBe(0);
    expect(listed.grads.some((g) => g !== 0)).toBe(true);
  });

  it("tanh: the packed panels (within the compiled capacity) equal the in-place product, bit for bit", async () => {
    const packed = run(await compiledFor(tanh, BATCH), BATCH);
    const inPlace = run(await compiledFor(tanh, 5), BATCH);
    expect(inPlace.loss).toBe(packed.loss);
    expect(differing(packed.grads, inPlace.grads)).toBe(0);
    expect(packed.grads.some((g) => g !== 0)).toBe(true);
  });
});
