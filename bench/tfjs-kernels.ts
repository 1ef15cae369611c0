/**
 * LeNet-5 training step on the tfjs wasm and cpu backends with netc's
 * kernels (and one step of the stock cpu kernels, to show what they replace).
 * Run: node --import tsx bench/tfjs-kernels.ts
 */
import { pathToFileURL } from "node:url";
import {
  registerNetcKernels,
  restoreStockKernels,
  selectDevice,
  tf,
} from "../src/runtime/tfjs/index.js";

export interface Row {
  backend: string;
  kernels: "netc" | "stock";
  msPerStep: number;
  samplesPerSecond: number;
  steps: number;
}

const BATCH = 64;

/** Variables and data of a LeNet-5-shaped model, NHWC, fixed seeds. */
function makeLeNet(): { step: () => number; dispose: () => void } {
  const normal = (shape: number[], std: number, seed: number) =>
    tf.variable(tf.randomNormal(shape, 0, std, "float32", seed));
  const zeros = (n: number) => tf.variable(tf.zeros([n]));
  const params = {
    w1: normal([5, 5, 1, 6], 0.2, 11),
    b1: zeros(6),
    w2: normal([5, 5, 6, 16], 0.08, 12),
    b2: zeros(16),
    w3: normal([400, 120], 0.05, 13),
    b3: zeros(120),
    w4: normal([120, 84], 0.09, 14),
    b4: zeros(84),
    w5: normal([84, 10], 0.1, 15),
    b5: zeros(10),
  };
  const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, "float32", 1) as tf.Tensor4D;
  const labels = tf
    .oneHot(tf.randomUniform([BATCH], 0, 10, "int32", 2) as tf.Tensor1D, 10)
    .toFloat();
  const optimizer = tf.train.sgd(0.01);
  const loss = (): tf.Scalar => {
    let h = tf.relu(tf.add(tf.conv2d(x, params.w1 as tf.Tensor4D, 1, 2), params.b1)) as tf.Tensor4D;
    h = tf.maxPool(h, 2, 2, "valid");
    h = tf.relu(
      tf.add(tf.conv2d(h, params.w2 as tf.Tensor4D, 1, "valid"), params.b2),
    ) as tf.Tensor4D;
    h = tf.maxPool(h, 2, 2, "valid");
    let d: tf.Tensor2D = tf.reshape(h, [BATCH, 400]);
    d = tf.relu(tf.add(tf.matMul(d, params.w3 as tf.Tensor2D), params.b3)) as tf.Tensor2D;
    d = tf.relu(tf.add(tf.matMul(d, params.w4 as tf.Tensor2D), params.b4)) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(d, params.w5 as tf.Tensor2D), params.b5);
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  };
  return {
    step: () => {
      const value = optimizer.minimize(loss, true)!;
      const result = value.dataSync()[0]!;
      value.dispose();
      return result;
    },
    dispose: () => {
      tf.dispose([x, labels, ...Object.values(params)]);
      optimizer.dispose();
    },
  };
}

async function timeSteps(
  backend: string,
  kernels: Row["kernels"],
  steps: number,
  warmup: number,
): Promise<Row> {
  const model = makeLeNet();
  for (let i = 0; i < warmup; i++) model.step();
  const start = performance.now();
  for (let i = 0; i < steps; i++) model.step();
  const msPerStep = (performance.now() - start) / steps;
  model.dispose();
  return { backend, kernels, msPerStep, samplesPerSecond: (BATCH * 1000) / msPerStep, steps };
}

/** Milliseconds per kernel name in one training step (nested kernels counted inside their caller too). */
export async function profileStep(): Promise<Array<[string, number]>> {
  const model = makeLeNet();
  model.step();
  const info = await tf.profile(() => {
    model.step();
  });
  model.dispose();
  const totals = new Map<string, number>();
  for (const k of info.kernels)
    totals.set(k.name, (totals.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  return [...totals].sort((a, b) => b[1] - a[1]);
}

export async function runTfjsKernelBench(
  options: { steps?: number; stockCpuSteps?: number } = {},
): Promise<Row[]> {
  const steps = options.steps ?? 20;
  const rows: Row[] = [];
  const quiet = { announce: () => {} };
  await selectDevice("wasm", quiet);
  rows.push(await timeSteps("wasm", "netc", steps, 3));
  await selectDevice("cpu", quiet);
  rows.push(await timeSteps("cpu", "netc", Math.max(3, Math.floor(steps / 4)), 1));
  const stockCpuSteps = options.stockCpuSteps ?? 1;
  if (stockCpuSteps > 0) {
    restoreStockKernels("cpu");
    try {
      rows.push(await timeSteps("cpu", "stock", stockCpuSteps, 0));
    } finally {
      registerNetcKernels("cpu");
    }
  }
  return rows;
}

export function formatRows(rows: Row[]): string {
  const header = ["backend", "kernels", "ms/step", "samples/s", "steps"];
  const body = rows.map((r) => [
    r.backend,
    r.kernels,
    r.msPerStep.toFixed(1),
    r.samplesPerSecond.toFixed(0),
    String(r.steps),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [`LeNet-5 training step, batch ${BATCH}`, line(header), ...body.map(line)].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv.includes("--profile")) {
    const device = process.argv.includes("cpu") ? "cpu" : "wasm";
    await selectDevice(device);
    for (const [name, ms] of await profileStep())
      console.log(`${name.padEnd(36)} ${ms.toFixed(2)} ms`);
  } else {
    console.log(formatRows(await runTfjsKernelBench()));
  }
}
