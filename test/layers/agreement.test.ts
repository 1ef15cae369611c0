import { beforeAll, describe, expect, it } from "vitest";
import type { ProgramIR } from "../../src/ir/ir.js";
import { Rng } from "../../src/runtime/rng.js";
import { selectDevice, tf } from "../../src/runtime/tfjs/index.js";
import { checkOk, loadModel as loadLoops, withLoss } from "../loops/compile-helper.js";
import { emitAndWrite, loadModel as loadTfjs } from "../tfjs-codegen/generated.js";
import { agreementPlan, caseSource, type PlannedCase } from "./suites.js";

/**
 * Every layer kind's tfjs code against the loops reference (whose backward the gradient
 * check verifies), through every case of its src/layers/<kind>/cases.ts, on every tfjs
 * device a user can get without CUDA: wasm (what `netc train` picks) and cpu. Given the
 * same channels-first weights and inputs, both give the same logits, loss and gradients of
 * a training pass (relative error ≤ 1e-4), so a layout slip, a wrong formula or a device's
 * broken kernel (wasm's OneHot ignoring float32) fails here. The gradients compared are
 * every parameter's and the input's, so layers without parameters have their backward
 * compared too.
 */

const devices = ["wasm", "cpu"] as const;
const BATCH = 4;

interface LoopsModel {
  inputGradient(n: number): Float32Array;
  initialize(seed: number): void;
  forward(input: Float32Array, n: number, training?: boolean): Float32Array;
  lossInto(labels: ArrayLike<number>, n: number): number;
  getTensors(): Map<string, Float32Array>;
  lossAndGradients(
    input: Float32Array,
    labels: ArrayLike<number>,
    n: number,
  ): { loss: number; gradients: Map<string, Float32Array> };
}

/**
 * max |a − b| / max(max |b|, floor): the error relative to the tensor's scale, or to
 * `floor` when the tensor is that small (a gradient that is mathematically 0, like a
 * bias's before batch norm, is float noise on both sides).
 */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

const largestOf = (values: ArrayLike<number>) =>
  Array.from(values).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Each case's program and tfjs package, compiled once for every device. */
const compiled = new Map<string, Promise<{ program: ProgramIR; dir: string }>>();
let counter = 0;
function compile(planned: PlannedCase): Promise<{ program: ProgramIR; dir: string }> {
  const key = `${planned.kind}: ${planned.case.name}`;
  let entry = compiled.get(key);
  if (entry === undefined) {
    entry = (async () => {
      const program = withLoss(checkOk("case.net", caseSource(planned.case)), "T", "mse");
      const { dir } = await emitAndWrite(program, "T", `layer-agreement-${++counter}`);
      return { program, dir };
    })();
    compiled.set(key, entry);
  }
  return entry;
}

describe.each(devices)("tfjs on %s agrees with the loops reference", (device) => {
  beforeAll(async () => {
    await selectDevice(device, { announce: () => {} });
  });

  for (const planned of agreementPlan()) {
    it(`${planned.kind}: ${planned.case.name}`, async () => {
      const { program, dir } = await compile(planned);
      const loops = (await loadLoops(
        program,
        "T",
        { sourcePath: "case.net", inputGradients: true },
        "layer-agreement-loops",
        BATCH,
      )) as unknown as LoopsModel;
      const tfjs = await loadTfjs(dir);
      // the same weights in both: the loops model's own initialisation, copied into tfjs
      loops.initialize(7);
      const weights = loops.getTensors();
      tfjs.initialize(3);
      tfjs.setTensors(weights);
      for (const [name, data] of tfjs.getTensors())
        expect(Array.from(data), name).toEqual(Array.from(weights.get(name)!));

      const model = program.models[0]!;
      const inputSize = model.inputShape.reduce((a, b) => a * b, 1);
      const outputSize = model.nodes
        .find((n) => n.id === model.output)!
        .outputShape.reduce((a, b) => a * b, 1);
      const rng = Rng.fromSeed(11);
      const input = Float32Array.from({ length: BATCH * inputSize }, () => rng.normal());
      const targets = Float32Array.from({ length: BATCH * outputSize }, () => rng.normal());

      const tfjsLogits = await tfjs.predict(input, BATCH);
      const loopsLogits = loops.forward(input, BATCH, false);
      expect(relativeError(tfjsLogits, loopsLogits), "logits").toBeLessThan(1e-4);
      const tfjsLoss = tfjs.lossAndGradients(input, targets, BATCH, false).loss;
      const loopsLoss = loops.lossInto(targets, BATCH);
      expect(Math.abs(tfjsLoss - loopsLoss) / Math.abs(loopsLoss), "loss").toBeLessThan(1e-4);

      if (planned.case.agreement !== "evaluation") {
        const t = tfjs.lossAndGradients(input, targets, BATCH);
        const l = loops.lossAndGradients(input, targets, BATCH);
        expect(Math.abs(t.loss - l.loss) / Math.abs(l.loss), "training loss").toBeLessThan(1e-4);
        expect([...t.gradients.keys()].sort()).toEqual([...l.gradients.keys()].sort());
        // d(mean squared error)/d(input) through tfjs' forward, against the loops backward's
        const outputShape = model.nodes.find((n) => n.id === model.output)!.outputShape;
        const inputGradient = tf.tidy(() => {
          const target = tf.tensor(targets, [BATCH, ...outputShape]);
          const loss = (x: tf.Tensor) =>
            tf.mean(tf.square(tf.sub(tfjs.forward(x, true), target))) as tf.Scalar;
          return tf
            .grad(loss)(tf.tensor(input, [BATCH, ...model.inputShape]))
            .dataSync();
        });
        const loopsInput = loops.inputGradient(BATCH);
        // the comparison must be of real numbers, not 0 against 0; a gradient 1,000 times
        // smaller than the largest counts as 0 (float noise on both sides)
        const largest = Math.max(...[...l.gradients.values(), loopsInput].map(largestOf));
        expect(largest).toBeGreaterThan(1e-6);
        for (const [name, grad] of l.gradients)
          expect(relativeError(t.gradients.get(name)!, grad, 1e-3 * largest), name).toBeLessThan(
            1e-4,
          );
        expect(relativeError(inputGradient, loopsInput, 1e-3 * largest), "input").toBeLessThan(
          1e-4,
        );
      }
      tfjs.dispose();
    });
  }
});
