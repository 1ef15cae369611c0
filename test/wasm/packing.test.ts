import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOk, pseudoRandom, repoRoot } from "../loops/compile-helper.js";
import { loadWasmClass, type WasmModelClass } from "./compile-helper.js";

/**
 * A dense layer's weight gradient dW = dyᵀ·x reads dy and x one record per step of its
 * sum. The compiled backend first copies dy into micro-panels and each panel of x into
 * contiguous rows when the call's batch fits the buffer sized for the batch it was
 * compiled for (src/codegen/wasm/kernels/gemm.ts, `packA` and `pack`), and reads both in
 * place for a larger batch. Both paths add the same products in
 * the same order, so their gradients must agree bit for bit, on every tile shape the
 * MLP's products take (500 rows: whole blocks; 10 rows: a tail block).
 */

const file = "models/mlp.net";
const text = readFileSync(join(repoRoot, file), "utf8");

async function compiledFor(maxBatch: number): Promise<WasmModelClass> {
  const { Model, directory } = await loadWasmClass(
    checkOk(file, text),
    "MLP",
    { sourcePath: file, sourceText: text, maxBatch },
    `packing-${maxBatch}`,
  );
  const wat = readFileSync(join(directory, "model.wat"), "utf8");
  // the guard that picks the path names the capacity the package was compiled for
  expect(wat).toContain(`(i32.le_u (local.get $n) (i32.const ${maxBatch}))`);
  return Model;
}

function gradientsOf(Model: WasmModelClass, n: number): { loss: number; grads: Float32Array } {
  const model = new Model(n);
  model.initialize(11);
  const images = Float32Array.from(pseudoRandom(n * 784, 5));
  const labels = Int32Array.from({ length: n }, (_, s) => (s * 7) % 10);
  const loss = model.computeGradients(images, labels, n);
  return { loss, grads: model.grads.slice() as Float32Array };
}

describe("compiled dense weight gradients: packed and in-place operands agree", () => {
  it("a batch within the compiled capacity (packed) equals one beyond it (in place), bit for bit", async () => {
    const packed = gradientsOf(await compiledFor(12), 12);
    const inPlace = gradientsOf(await compiledFor(5), 12);
    expect(inPlace.loss).toBe(packed.loss);
    let differing = 0;
    for (let i = 0; i < packed.grads.length; i++)
      if (!Object.is(packed.grads[i], inPlace.grads[i])) differing++;
    expect(differing).toBe(0);
    // and the gradient is not trivially zero
    expect(packed.grads.some((g) => g !== 0)).toBe(true);
  });
});
