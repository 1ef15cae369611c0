import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { emitLoops } from "../src/codegen/loops/index.js";
import { checkText } from "../src/semantics/index.js";

/**
 * Loops-backend speed on LeNet-5 (models/lenet5.net): training samples/s (forward, loss,
 * backward and an SGD-momentum step per batch of 64) and inference samples/s, on fixed
 * pseudo-random data so the numbers do not depend on a data set. The generated model is
 * compiled into build/bench-loops/ and imported as it is. Issue 3's goal: ≥ 1,000
 * training samples/s on the project's 2-core machine.
 *
 * Run alone: `node --import tsx bench/loops.ts`; bench/index.ts calls runLoopsBench().
 */

export interface Row {
  bench: string;
  mode: "train" | "inference";
  batch: number;
  steps: number;
  msPerBatch: number;
  samplesPerSecond: number;
  /**
   * Samples per second of CPU time this process got: the same as samplesPerSecond on an
   * idle machine, and still meaningful when other work shares the cores.
   */
  samplesPerCpuSecond: number;
}

interface BenchModel {
  forward(input: Float32Array, n: number, training?: boolean): Float32Array;
  computeGradients(input: Float32Array, labels: ArrayLike<number>, n: number): number;
  step(lr?: number): void;
  initialize(seed: number): void;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BATCH = 64;

interface BenchParallel {
  readonly threads: number;
  computeGradients(images: Float32Array, labels: ArrayLike<number>, n: number): Promise<number>;
  close(): void;
}

interface Compiled {
  LeNet5: new (maxBatch: number) => BenchModel;
  startParallel(
    model: BenchModel,
    maxBatch: number,
    threads: number,
    seed: number,
  ): Promise<BenchParallel>;
}

async function compileLeNet(): Promise<Compiled> {
  const path = join(repoRoot, "models/lenet5.net");
  const text = readFileSync(path, "utf8");
  const result = checkText("models/lenet5.net", text);
  const files = await emitLoops(result.program, "LeNet5", {
    sourcePath: "models/lenet5.net",
    sourceText: text,
  });
  const directory = join(repoRoot, "build/bench-loops");
  mkdirSync(directory, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(directory, name), content);
  const model = (await import(pathToFileURL(join(directory, "model.ts")).href)) as {
    LeNet5: new (maxBatch: number) => BenchModel;
  };
  const parallel = (await import(pathToFileURL(join(directory, "parallel.ts")).href)) as {
    DataParallel: { start: Compiled["startParallel"] };
  };
  return {
    LeNet5: model.LeNet5,
    startParallel: (m, b, t, s) => parallel.DataParallel.start(m as never, b, t, s),
  };
}

/** Fixed data: 8 batches of pseudo-random images (roughly MNIST's normalised range) and labels. */
function fixedData(batches: number): { images: Float32Array; labels: Int32Array } {
  const images = new Float32Array(batches * BATCH * 784);
  const labels = new Int32Array(batches * BATCH);
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let i = 0; i < images.length; i++) images[i] = next() < 0.8 ? -0.42 : 2.8 * next();
  for (let i = 0; i < labels.length; i++) labels[i] = Math.floor(next() * 10);
  return { images, labels };
}

async function timeSteps(
  steps: number,
  run: (step: number) => void | Promise<void>,
): Promise<{ wallMs: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let step = 0; step < steps; step++) await run(step);
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

export async function runLoopsBench(
  options: { trainSteps?: number; inferenceSteps?: number; threads?: number } = {},
): Promise<Row[]> {
  const { LeNet5, startParallel } = await compileLeNet();
  const model = new LeNet5(BATCH);
  model.initialize(42);
  const data = fixedData(8);
  const batch = (step: number) =>
    data.images.subarray((step % 8) * BATCH * 784, ((step % 8) + 1) * BATCH * 784);
  const labels = (step: number) =>
    data.labels.subarray((step % 8) * BATCH, ((step % 8) + 1) * BATCH);
  const train = (step: number) => {
    model.computeGradients(batch(step), labels(step), BATCH);
    model.step(0.01);
  };
  const infer = (step: number) => void model.forward(batch(step), BATCH, false);
  await timeSteps(10, train); // warm-up: let the JIT compile the hot loops
  const trainSteps = options.trainSteps ?? 60;
  const trainMs = await timeSteps(trainSteps, train);
  await timeSteps(10, infer);
  const inferenceSteps = options.inferenceSteps ?? 100;
  const inferenceMs = await timeSteps(inferenceSteps, infer);
  const row = (
    mode: Row["mode"],
    steps: number,
    time: { wallMs: number; cpuMs: number },
    threads = 1,
  ): Row => ({
    bench: `loops LeNet-5 (${threads} thread${threads === 1 ? "" : "s"})`,
    mode,
    batch: BATCH,
    steps,
    msPerBatch: time.wallMs / steps,
    samplesPerSecond: (steps * BATCH * 1000) / time.wallMs,
    samplesPerCpuSecond: (steps * BATCH * 1000) / time.cpuMs,
  });
  const rows = [row("train", trainSteps, trainMs), row("inference", inferenceSteps, inferenceMs)];
  // Data-parallel training as train.ts runs it: the batch split over worker threads.
  const threads = options.threads ?? 2;
  if (threads > 1) {
    const parallel = await startParallel(model, BATCH, threads, 42);
    const trainParallel = async (step: number) => {
      await parallel.computeGradients(batch(step), labels(step), BATCH);
      model.step(0.01);
    };
    await timeSteps(10, trainParallel);
    const time = await timeSteps(trainSteps, trainParallel);
    parallel.close();
    // CPU time of worker threads is not in process.cpuUsage's main-thread share; report wall time only
    rows.push({ ...row("train", trainSteps, time, parallel.threads), samplesPerCpuSecond: NaN });
  }
  return rows;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await runLoopsBench();
  console.table(
    rows.map((r) => ({
      ...r,
      msPerBatch: r.msPerBatch.toFixed(1),
      samplesPerSecond: Math.round(r.samplesPerSecond),
      samplesPerCpuSecond: Math.round(r.samplesPerCpuSecond),
    })),
  );
}
