import { expect } from "vitest";
import {
  checkOk,
  loadModel,
  pseudoRandom,
  withLoss,
  type GeneratedLoopsModel,
} from "../loops/compile-helper.js";

/**
 * The finite-difference gradient check of the loops backend: a model compiled through the
 * real pipeline (checker → IR → emitLoops) as float64 code, whose emitted backward must
 * match central differences of its emitted forward for every parameter tensor and the
 * input; then the float32 code users get must give the same gradients within float32
 * rounding.
 */

const BATCH = 3;

export interface GradientCase {
  /** A whole .net source with the model T. */
  source: string;
  /** The loss of the train section (mse on random targets unless given), and its arguments. */
  loss?: string;
  lossArgs?: Record<string, number>;
  /** Targets in [0, 1) (losses of probabilities) rather than in [-1, 1). */
  targets?: "probabilities";
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

async function compile(
  c: GradientCase,
  precision: "float32" | "float64",
): Promise<GeneratedLoopsModel> {
  const path = "check.net";
  const program = withLoss(checkOk(path, c.source), "T", c.loss ?? "mse", c.lossArgs ?? {});
  return loadModel(
    program,
    "T",
    { sourcePath: path, sourceText: c.source, inputGradients: true, precision },
    `grad-${precision}`,
    BATCH,
  );
}

/** Indices to probe: all of a small tensor, an even spread of a large one. */
function probes(length: number, most = 24): number[] {
  if (length <= most) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: most }, (_, i) => Math.floor((i * (length - 1)) / (most - 1)));
}

export async function checkGradients(c: GradientCase): Promise<void> {
  const model = await compile(c, "float64");
  model.initialize(11);
  // move parameters off their initial values (batch norm's γ = 1, β = 0) so every term matters
  const jitter = pseudoRandom(model.params.length, 5);
  for (let i = 0; i < model.params.length; i++) model.params[i]! += 0.3 * jitter[i]!;
  const inputSize = product(model.info.inputShape);
  const outputSize = product(model.info.outputShape);
  const input = Float64Array.from(pseudoRandom(BATCH * inputSize, 17), (v) => 2 * v);
  const classLoss = c.loss === "cross_entropy" || c.loss === "nll" || c.loss === "hinge";
  const labels = classLoss
    ? Float64Array.from({ length: BATCH }, (_, b) => (b * 3 + 1) % outputSize)
    : c.targets === "probabilities"
      ? Float64Array.from(pseudoRandom(BATCH * outputSize, 23), (v) => (v + 1) / 2)
      : pseudoRandom(BATCH * outputSize, 23);
  const dropoutState = model.randomState;
  const loss = () => {
    model.randomState = dropoutState; // the same dropout mask for every evaluation
    return model.computeGradients(input, labels, BATCH);
  };
  loss();
  const analyticParams = Float64Array.from(model.grads);
  const analyticInput = Float64Array.from(model.inputGradient!(BATCH));
  const h = 1e-6;
  const check = (
    values: Float64Array | Float32Array,
    index: number,
    analytic: number,
    what: string,
  ) => {
    const saved = values[index]!;
    values[index] = saved + h;
    const up = loss();
    values[index] = saved - h;
    const down = loss();
    values[index] = saved;
    const numeric = (up - down) / (2 * h);
    const tolerance = 1e-7 + 1e-5 * Math.max(Math.abs(numeric), Math.abs(analytic));
    expect(
      Math.abs(numeric - analytic),
      `${what}: analytic ${analytic}, numeric ${numeric}`,
    ).toBeLessThanOrEqual(tolerance);
  };
  let offset = 0;
  let probed = 0;
  for (const tensor of model.info.tensors.filter((t) => t.role === "param")) {
    const size = product(tensor.shape);
    for (const i of probes(size)) {
      check(model.params, offset + i, analyticParams[offset + i]!, `${tensor.name}[${i}]`);
      probed++;
    }
    offset += size;
  }
  for (const i of probes(input.length, 40)) {
    check(input, i, analyticInput[i]!, `input[${i}]`);
    probed++;
  }
  // the check must have looked at something non-trivial
  expect(probed).toBeGreaterThan(5);
  expect(Math.max(...analyticInput.map(Math.abs))).toBeGreaterThan(1e-4);

  // The float32 code users get: the same gradients within float32 rounding.
  const single = await compile(c, "float32");
  single.initialize(11);
  single.params.set(model.params);
  single.randomState = dropoutState;
  single.computeGradients(Float32Array.from(input), Float32Array.from(labels), BATCH);
  const scale = Math.max(...analyticParams.map(Math.abs), ...analyticInput.map(Math.abs));
  for (let i = 0; i < analyticParams.length; i++)
    expect(Math.abs(single.grads[i]! - analyticParams[i]!)).toBeLessThanOrEqual(1e-4 * scale);
  const singleInput = single.inputGradient!(BATCH);
  for (let i = 0; i < analyticInput.length; i++)
    expect(Math.abs(singleInput[i]! - analyticInput[i]!)).toBeLessThanOrEqual(1e-4 * scale);
}
