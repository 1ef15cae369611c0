import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { emitLoops } from "../../src/codegen/loops/index.js";
import { Rng } from "../../src/runtime/rng.js";
import { selectDevice } from "../../src/runtime/tfjs/index.js";
import { checkProgram } from "../../src/semantics/index.js";
import {
  buildDir,
  emitAndWrite,
  loadModel,
  repoRoot,
  type GeneratedTfjsModel,
} from "./generated.js";

/**
 * Cross-backend agreement of whole models: the tfjs model and the loops model, given the
 * same channels-first weights through setTensors and the same inputs, produce the same
 * logits, loss and gradients (relative error ≤ 1e-4), on every tfjs device a user can get
 * without CUDA. A layout slip in either backend (weights, flatten order) breaks this; every
 * layer kind alone is compared by test/layers/agreement.test.ts.
 */

interface LoopsModel {
  initialize(seed: number): void;
  forward(input: Float32Array, n: number, training?: boolean): Float32Array;
  lossInto(labels: ArrayLike<number>, n: number): number;
  step(learningRate?: number): void;
  getTensors(): Map<string, Float32Array>;
  setTensors(tensors: ReadonlyMap<string, Float32Array>): void;
  predict(input: Float32Array, n: number): Float32Array | Promise<Float32Array>;
  lossAndGradients(
    input: Float32Array,
    labels: ArrayLike<number>,
    n: number,
  ): { loss: number; gradients: Map<string, Float32Array> };
}

const host = { readFile: (path: string) => readFileSync(path, "utf8") };

/** Every tfjs device a user can get on a machine without CUDA: the default (wasm) and the fallback (cpu). */
const devices = ["wasm", "cpu"] as const;

/** max |a − b| / max(max |b|, tiny): error relative to the tensor's scale. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

async function agree(file: string, modelName: string): Promise<void> {
  const path = join(repoRoot, "models", file);
  await agreeOn(checkProgram(path, host).program, path, modelName);
}

async function agreeOn(
  program: ReturnType<typeof checkProgram>["program"],
  path: string,
  modelName: string,
): Promise<void> {
  const { dir } = await emitAndWrite(program, modelName, `agree-${modelName}`);
  const tfjsModel = await loadModel(dir);
  const loopsFiles = await emitLoops(program, modelName, { sourcePath: path });
  const loopsDir = buildDir(`agree-${modelName}-loops`);
  writeFileSync(join(loopsDir, "model.ts"), loopsFiles.get("model.ts")!);
  const loopsModule = (await import(join(loopsDir, "model.ts"))) as Record<
    string,
    new (maxBatch?: number) => LoopsModel
  >;
  const LoopsClass = Object.values(loopsModule).find(
    (v) => typeof v === "function" && "prototype" in v && "lossAndGradients" in v.prototype,
  )!;
  const loopsModel = new LoopsClass(8);

  // The same weights in both: the loops model's own initialisation, copied into tfjs.
  loopsModel.initialize(7);
  const weights = loopsModel.getTensors();
  tfjsModel.initialize(3);
  tfjsModel.setTensors(weights);
  const back = tfjsModel.getTensors();
  for (const [name, data] of weights) expect(Array.from(back.get(name)!)).toEqual(Array.from(data));

  const n = 4;
  const inputSize = program.models
    .find((m) => m.name === modelName)!
    .inputShape.reduce((a, b) => a * b, 1);
  const rng = Rng.fromSeed(11);
  const input = Float32Array.from({ length: n * inputSize }, () => rng.normal());
  const labels = [3, 0, 9, 5];

  const tfjsLogits = await tfjsModel.predict(input, n);
  const loopsLogits = await loopsModel.predict(input, n);
  expect(relativeError(tfjsLogits, loopsLogits)).toBeLessThan(1e-4);

  const t = tfjsModel.lossAndGradients(input, labels, n);
  const l = loopsModel.lossAndGradients(input, labels, n);
  expect(Math.abs(t.loss - l.loss) / Math.abs(l.loss)).toBeLessThan(1e-4);
  expect([...t.gradients.keys()].sort()).toEqual([...l.gradients.keys()].sort());
  for (const [name, grad] of l.gradients) {
    expect(relativeError(t.gradients.get(name)!, grad), name).toBeLessThan(1e-4);
  }
  tfjsModel.dispose();
}

describe.each(devices)("tfjs (%s) and loops agree on identical weights and inputs", (device) => {
  beforeAll(async () => {
    await selectDevice(device, { announce: () => {} });
  });

  it("LeNet-5: logits, loss and every gradient", async () => {
    await agree("lenet5.net", "LeNet5");
  });

  it("MLP: logits, loss and every gradient", async () => {
    await agree("mlp.net", "MLP");
  });

  it("LeNet-5 classic (subsample, conv2d_table, rbf): logits, loss and every gradient", async () => {
    await agree("lenet5-classic.net", "LeNet5Classic");
  });
});

/**
 * Every trainable model in models/ (yolo has no train section): on identical weights and
 * inputs both backends give the same evaluation loss; then one training step each (the
 * train section's loss and optimizer) and the evaluation losses agree again. Models with
 * dropout compare the evaluation loss only: the two backends draw their dropout masks from
 * different generators, so their training steps legitimately differ; so do the large
 * CIFAR/ImageNet models (over STEP_CHECK_MAX_PARAMS), whose step takes about a minute here.
 */
const STEP_CHECK_MAX_PARAMS = 1_000_000;
const trainable = readdirSync(join(repoRoot, "models"))
  .filter((f) => f.endsWith(".net") && f !== "yolo.net")
  .sort();

async function loadBoth(
  file: string,
  modelName: string,
): Promise<
  | { tfjs: GeneratedTfjsModel; loops: LoopsModel; inputSize: number; evaluationOnly: boolean }
  | string
> {
  const path = join(repoRoot, "models", file);
  const { program } = checkProgram(path, host);
  let loopsFiles: Map<string, string>;
  try {
    loopsFiles = await emitLoops(program, modelName, { sourcePath: path });
  } catch (error) {
    return String(error instanceof Error ? error.message : error);
  }
  const { dir } = await emitAndWrite(program, modelName, `agree-step-${modelName}`);
  const loopsDir = buildDir(`agree-step-${modelName}-loops`);
  writeFileSync(join(loopsDir, "model.ts"), loopsFiles.get("model.ts")!);
  const loopsModule = (await import(join(loopsDir, "model.ts"))) as Record<
    string,
    new (maxBatch?: number) => LoopsModel
  >;
  const LoopsClass = Object.values(loopsModule).find(
    (v) => typeof v === "function" && "prototype" in v && "lossAndGradients" in v.prototype,
  )!;
  const train = program.trains.find((t) => t.model === modelName);
  const model =
    train?.modelIndex !== undefined
      ? program.models[train.modelIndex]!
      : program.models.find((m) => m.name === modelName)!;
  return {
    tfjs: await loadModel(dir),
    loops: new LoopsClass(2),
    inputSize: model.inputShape.reduce((a, b) => a * b, 1),
    // the full step (forward, backward, update on both) only where it takes seconds on the cpu
    evaluationOnly:
      model.nodes.some((node) => node.kind === "dropout") ||
      model.totals.params > STEP_CHECK_MAX_PARAMS,
  };
}

function modelNamesOf(file: string): string[] {
  const { program } = checkProgram(join(repoRoot, "models", file), host);
  return [...new Set(program.trains.filter((t) => t.declared).map((t) => t.model))];
}

describe("one training step on identical weights gives the same loss on both backends (models/)", () => {
  beforeAll(async () => {
    await selectDevice("cpu", { announce: () => {} });
  });

  for (const file of trainable) {
    for (const modelName of modelNamesOf(file)) {
      it(`${file}: ${modelName}`, async () => {
        const both = await loadBoth(file, modelName);
        // both backends emit every layer kind: a model the loops backend refuses is a failure
        if (typeof both === "string")
          expect.fail(`the loops backend cannot emit ${modelName}: ${both}`);
        const { tfjs, loops, inputSize, evaluationOnly } = both;
        loops.initialize(5);
        tfjs.initialize(1);
        tfjs.setTensors(loops.getTensors());
        const n = 2;
        const rng = Rng.fromSeed(3);
        const input = Float32Array.from({ length: n * inputSize }, () => rng.normal());
        const labels = [1, 7];
        const evaluationLoss = async () => {
          loops.forward(input, n, false);
          const l = loops.lossInto(labels, n);
          const t = await (
            tfjs as unknown as {
              evaluateLoss(i: Float32Array, y: number[], n: number): Promise<number>;
            }
          ).evaluateLoss(input, labels, n);
          return { l, t };
        };
        const before = await evaluationLoss();
        expect(Math.abs(before.t - before.l) / Math.abs(before.l)).toBeLessThan(1e-4);
        if (!evaluationOnly) {
          loops.lossAndGradients(input, labels, n);
          loops.step();
          tfjs.step(input, labels, n);
          const after = await evaluationLoss();
          expect(after.l).not.toBe(before.l);
          expect(Math.abs(after.t - after.l) / Math.abs(after.l)).toBeLessThan(1e-4);
        }
        tfjs.dispose();
      }, 120_000);
    }
  }
});
