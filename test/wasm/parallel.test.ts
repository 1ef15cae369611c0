import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOk, pseudoRandom, repoRoot } from "../loops/compile-helper.js";
import {
  loadWasmClass,
  relativeDifference,
  type GeneratedWasmModel,
  type WasmModelClass,
} from "./compile-helper.js";

/**
 * Data-parallel training of compiled models over worker threads sharing one memory: a run
 * is bit-identical for a given thread count (the gradients are summed in thread order),
 * close to one thread's, correct when a thread gets no samples, and a worker that dies
 * ends the step with one clear error.
 */

interface Parallel {
  readonly threads: number;
  computeGradients(images: Float32Array, labels: ArrayLike<number>, n: number): Promise<number>;
  output(n: number): Float32Array;
  close(): void;
}

interface ParallelModule {
  DataParallel: {
    start(
      model: GeneratedWasmModel,
      maxBatch: number,
      threads: number,
      seed: number,
    ): Promise<Parallel>;
  };
}

async function compile(
  file: string,
  name: string,
  text = readFileSync(join(repoRoot, file), "utf8"),
): Promise<{ Model: WasmModelClass; parallel: ParallelModule }> {
  const { Model, directory } = await loadWasmClass(
    checkOk(file, text),
    name,
    { sourcePath: file, sourceText: text },
    `parallel-${name}`,
  );
  return { Model, parallel: (await import(join(directory, "parallel.ts"))) as ParallelModule };
}

async function train(
  compiled: { Model: WasmModelClass; parallel: ParallelModule },
  threads: number,
  batch: number,
  steps: number,
  n = batch,
): Promise<{ losses: number[]; params: Float32Array; logits: Float32Array; used: number }> {
  const model = new compiled.Model(batch, threads);
  model.initialize(3);
  const parallel = await compiled.parallel.DataParallel.start(model, batch, threads, 3);
  const inputSize = model.info.inputShape.reduce((a, b) => a * b, 1);
  const losses: number[] = [];
  let logits = new Float32Array(0);
  try {
    for (let step = 0; step < steps; step++) {
      const images = Float32Array.from(pseudoRandom(n * inputSize, 10 + step));
      const labels = Int32Array.from({ length: n }, (_, b) => (b * 3 + step) % 10);
      losses.push(await parallel.computeGradients(images, labels, n));
      logits = parallel.output(n).slice();
      model.step(0.05);
    }
  } finally {
    parallel.close();
  }
  return { losses, params: model.params.slice() as Float32Array, logits, used: parallel.threads };
}

describe("compiled models on worker threads", () => {
  it("LeNet-5 on 2 threads: bit-identical runs, within float32 rounding of 1 thread", async () => {
    const compiled = await compile("models/lenet5.net", "LeNet5");
    const one = await train(compiled, 1, 16, 4);
    const first = await train(compiled, 2, 16, 4);
    const second = await train(compiled, 2, 16, 4);
    expect(first.used).toBe(2);
    expect(second.losses).toEqual(first.losses);
    expect(Buffer.from(second.params.buffer).equals(Buffer.from(first.params.buffer))).toBe(true);
    expect(relativeDifference(first.params, one.params)).toBeLessThan(1e-5);
    expect(relativeDifference(first.logits, one.logits)).toBeLessThan(1e-5);
    for (let i = 0; i < one.losses.length; i++)
      expect(Math.abs(first.losses[i]! - one.losses[i]!)).toBeLessThan(1e-5);
  });

  it("a batch smaller than the thread count leaves a thread without samples", async () => {
    const compiled = await compile("models/lenet5.net", "LeNet5");
    // room for 8 samples on 2 threads, but batches of 1: the worker's share is empty
    const one = await train(compiled, 1, 8, 2, 1);
    const two = await train(compiled, 2, 8, 2, 1);
    expect(two.used).toBe(2);
    expect(relativeDifference(two.params, one.params)).toBeLessThan(1e-6);
    expect(relativeDifference(two.logits, one.logits)).toBeLessThan(1e-6);
  });

  it("batch norm per share (the ResNet block) is reproducible on 2 threads", async () => {
    const compiled = await compile("bench/models/resnet-block.net", "ResNetBlock");
    const first = await train(compiled, 2, 4, 2);
    const second = await train(compiled, 2, 4, 2);
    expect(Buffer.from(second.params.buffer).equals(Buffer.from(first.params.buffer))).toBe(true);
    expect(first.losses.every(Number.isFinite)).toBe(true);
  });

  it("group norm is per sample: 2 threads agree with 1 within float32 rounding", async () => {
    // unlike batch norm, no statistic spans the batch, so splitting it changes nothing but
    // the order in which the threads' gradients are summed
    const text = `model G {
  input [1, 28, 28]
  conv2d(6, 4, stride=2) -> groupnorm(3) -> relu
  flatten -> dense(10)
}
train G {
  data = mnist
  loss = cross_entropy
  optimizer = sgd(lr = 0.05)
  batch = 8
  epochs = 1
  seed = 1
}
`;
    const compiled = await compile("groupnorm.net", "G", text);
    const one = await train(compiled, 1, 8, 3);
    const first = await train(compiled, 2, 8, 3);
    const second = await train(compiled, 2, 8, 3);
    expect(first.used).toBe(2);
    expect(Buffer.from(second.params.buffer).equals(Buffer.from(first.params.buffer))).toBe(true);
    expect(relativeDifference(first.params, one.params)).toBeLessThan(1e-5);
    expect(relativeDifference(first.logits, one.logits)).toBeLessThan(1e-5);
    for (let i = 0; i < one.losses.length; i++)
      expect(Math.abs(first.losses[i]! - one.losses[i]!)).toBeLessThan(1e-5);
    expect(one.losses.every(Number.isFinite)).toBe(true);
  });

  it("a worker that exits ends the step with one line naming it", async () => {
    const compiled = await compile("models/lenet5.net", "LeNet5");
    const model = new compiled.Model(8, 2);
    model.initialize(1);
    const parallel = await compiled.parallel.DataParallel.start(model, 8, 2, 1);
    const images = Float32Array.from(pseudoRandom(8 * 784, 1));
    const labels = Int32Array.from({ length: 8 }, (_, b) => b % 10);
    await parallel.computeGradients(images, labels, 8);
    // stop the worker from outside, as an out-of-memory kill would
    const workers = (parallel as unknown as { workers: { terminate(): Promise<number> }[] })
      .workers;
    await workers[0]!.terminate();
    await expect(parallel.computeGradients(images, labels, 8)).rejects.toThrow(
      /worker thread 1 stopped unexpectedly/,
    );
    parallel.close();
  });
});
