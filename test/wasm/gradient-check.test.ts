import { describe, expect, it } from "vitest";
import { checkOk, loadModel, pseudoRandom, withLoss } from "../loops/compile-helper.js";
import { loadWasmClass } from "./compile-helper.js";

/**
 * Every compiled kernel's backward, checked twice on tiny models compiled through the
 * real pipeline (checkText → IR → emitWasm):
 *
 * 1. against finite differences of the compiled forward itself (float32, so central
 *    differences with a large step and a tolerance of a few percent: this catches a
 *    wrong formula, a missing term or a transposed index);
 * 2. against the loops reference's float64 gradient on the same weights and inputs
 *    (itself checked against finite differences in test/loops/gradient-check.test.ts),
 *    within 1e-4 of the gradients' scale: this catches everything above float32 rounding.
 *
 * The cases are the loops reference's (test/loops/gradient-check.test.ts): every layer
 * kind and loss of the catalogue.
 */

const BATCH = 3;

interface Case {
  name: string;
  body: string;
  /** Loss of the synthetic train section (mse on random targets unless given). */
  loss?: string;
  lossArgs?: Record<string, number>;
  /** Targets in [0, 1) (losses of probabilities) rather than in [-1, 1). */
  targets?: "probabilities";
}

const cases: Case[] = [
  // the compiled backend's own paths: columns written straight into the product's panels
  // (output rows a multiple of the tile's width), with padding and a height stride
  { name: "conv2d into panels, pad 1", body: "input [3, 6, 16]\n  conv2d(5, 3, pad=1)" },
  {
    name: "conv2d into panels, stride 2 along the height, pad 2",
    body: "input [2, 9, 8]\n  conv2d(4, [3, 5], stride=[2, 1], pad=2)",
  },
  { name: "dense", body: "input [5]\n  dense(3)" },
  { name: "dense without bias", body: "input [5]\n  dense(4, bias=false)" },
  { name: "conv1d stride 2 pad 1", body: "input [2, 9]\n  conv1d(3, 3, stride=2, pad=1)" },
  {
    name: "conv1d dilation 2 groups 2",
    body: "input [2, 9]\n  conv1d(4, 2, dilation=2, groups=2, bias=false)",
  },
  { name: "conv2d stride 2 pad 1", body: "input [2, 7, 7]\n  conv2d(3, 3, stride=2, pad=1)" },
  {
    name: "conv2d dilation 2 groups 2",
    body: "input [2, 7, 7]\n  conv2d(4, 3, dilation=2, groups=2)",
  },
  {
    name: "conv2d depthwise pad same stride 2",
    body: "input [3, 5, 5]\n  conv2d(3, 3, stride=2, pad=same, groups=3)",
  },
  { name: "conv2d rectangular kernel", body: "input [1, 5, 6]\n  conv2d(2, [3, 2], pad=1)" },
  { name: "maxpool1d", body: "input [2, 8]\n  maxpool(2)" },
  { name: "maxpool2d overlapping padded", body: "input [2, 7, 7]\n  maxpool(3, stride=2, pad=1)" },
  { name: "avgpool1d", body: "input [2, 9]\n  avgpool(3, stride=2)" },
  { name: "avgpool2d padded", body: "input [2, 7, 7]\n  avgpool(3, stride=2, pad=1)" },
  { name: "global_avgpool", body: "input [3, 4, 5]\n  global_avgpool" },
  { name: "zeropad2d", body: "input [2, 3, 4]\n  zeropad2d([1, 2, 0, 1])" },
  { name: "flatten", body: "input [2, 3, 3]\n  flatten -> dense(2)" },
  { name: "reshape", body: "input [12]\n  reshape([3, 4]) -> conv1d(2, 2)" },
  { name: "dropout", body: "input [10]\n  dropout(0.3) -> dense(3)" },
  { name: "batchnorm 2d", body: "input [3, 4, 4]\n  batchnorm" },
  { name: "batchnorm 1d", body: "input [5]\n  dense(4) -> batchnorm" },
  { name: "relu", body: "input [7]\n  relu" },
  { name: "sigmoid", body: "input [7]\n  sigmoid" },
  { name: "tanh", body: "input [7]\n  tanh" },
  { name: "leaky_relu", body: "input [7]\n  leaky_relu(a = 0.2)" },
  { name: "elu", body: "input [7]\n  elu(alpha = 0.7)" },
  {
    name: "noise (training: identity gradient)",
    body: "input [7]\n  noise(std = 0.5) -> dense(3)",
  },
  { name: "softmax", body: "input [6]\n  softmax" },
  { name: "log_softmax", body: "input [6]\n  log_softmax" },
  {
    name: "add (residual, identity shortcut)",
    body: "input [2, 4, 4]\n  residual {\n    conv2d(2, 3, pad=1) -> relu\n  }",
  },
  {
    name: "add (residual, projection shortcut)",
    body: "input [2, 4, 4]\n  residual {\n    conv2d(3, 3, pad=1)\n  } shortcut {\n    conv2d(3, 1)\n  }",
  },
  { name: "subsample (LeNet-5's S2)", body: "input [2, 6, 6]\n  subsample(2)" },
  {
    name: "subsample overlapping, padded",
    body: "input [2, 7, 7]\n  subsample(3, stride=2, pad=1)",
  },
  {
    name: "conv2d_table (packed weights, partial table)",
    body: "input [3, 6, 6]\n  conv2d_table(4, 3, table = [[0, 1], [1, 2], [2], [0, 1, 2]])",
  },
  {
    name: "conv2d_table stride 2 pad 1 without bias",
    body: "input [3, 7, 7]\n  conv2d_table(2, 3, table = [[2, 0], [1]], stride=2, pad=1, bias=false)",
  },
  { name: "rbf", body: "input [6]\n  rbf(4)" },
  { name: "rbf negate", body: "input [6]\n  rbf(4, negate = true)" },
  { name: "lrn size 2 (AlexNet's)", body: "input [5, 2, 3]\n  lrn(2, alpha = 0.5, k = 2)" },
  {
    name: "lrn size 3 on [C, L], β = 1.5",
    body: "input [4, 3]\n  lrn(3, alpha = 0.8, beta = 1.5)",
  },
  {
    name: "adaptive_avgpool 2-D, overlapping bins",
    body: "input [2, 5, 7]\n  adaptive_avgpool([3, 4])",
  },
  { name: "adaptive_avgpool 1-D", body: "input [2, 7]\n  adaptive_avgpool(3)" },
  { name: "maxout", body: "input [5]\n  maxout(3, 4)" },
  { name: "maxout without bias", body: "input [5]\n  maxout(2, 3, bias = false)" },
  { name: "prelu per channel", body: "input [3, 2, 2]\n  prelu" },
  { name: "prelu shared slope", body: "input [7]\n  prelu(per_channel = false)" },
  {
    name: "loss cross_entropy with label smoothing",
    body: "input [5]\n  dense(4)",
    loss: "cross_entropy",
    lossArgs: { label_smoothing: 0.1 },
  },
  { name: "loss nll", body: "input [5]\n  dense(4) -> log_softmax", loss: "nll" },
  { name: "loss mae", body: "input [5]\n  dense(4)", loss: "mae" },
  { name: "loss cross_entropy", body: "input [5]\n  dense(4)", loss: "cross_entropy" },
  {
    name: "loss hinge (margin 2)",
    body: "input [5]\n  dense(4)",
    loss: "hinge",
    lossArgs: { margin: 2 },
  },
  {
    name: "loss binary_cross_entropy",
    body: "input [5]\n  dense(4) -> sigmoid",
    loss: "binary_cross_entropy",
    targets: "probabilities",
  },
  { name: "loss mse", body: "input [5]\n  dense(4)", loss: "mse" },
  { name: "loss rmse", body: "input [5]\n  dense(4)", loss: "rmse" },
  {
    name: "loss msle",
    body: "input [5]\n  dense(4) -> sigmoid",
    loss: "msle",
    targets: "probabilities",
  },
  {
    name: "loss kl_div",
    body: "input [5]\n  dense(4) -> softmax",
    loss: "kl_div",
    targets: "probabilities",
  },
  { name: "loss huber", body: "input [5]\n  dense(4)", loss: "huber", lossArgs: { delta: 0.3 } },
  { name: "loss log_cosh", body: "input [5]\n  dense(4)", loss: "log_cosh" },
];

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function probes(length: number, most: number): number[] {
  if (length <= most) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: most }, (_, i) => Math.floor((i * (length - 1)) / (most - 1)));
}

describe("compiled kernels: backward matches finite differences and the float64 reference", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const text = `model T {\n  ${c.body}\n}\n`;
      const path = "check.net";
      const program = withLoss(checkOk(path, text), "T", c.loss ?? "mse", c.lossArgs ?? {});
      const options = { sourcePath: path, sourceText: text, inputGradients: true };
      const { Model } = await loadWasmClass(program, "T", options, "grad");
      const model = new Model(BATCH);
      const reference = await loadModel(
        program,
        "T",
        { ...options, precision: "float64" },
        "wasm-grad-f64",
        BATCH,
      );
      model.initialize(11);
      // move parameters off their initial values (batch norm's γ = 1, β = 0) so every term matters
      const jitter = pseudoRandom(model.params.length, 5);
      for (let i = 0; i < model.params.length; i++) model.params[i]! += 0.3 * jitter[i]!;
      reference.initialize(11);
      reference.params.set(model.params);
      const inputSize = product(model.info.inputShape);
      const outputSize = product(model.info.outputShape);
      const input = Float32Array.from(pseudoRandom(BATCH * inputSize, 17), (v) => 2 * v);
      const classLoss = c.loss === "cross_entropy" || c.loss === "nll" || c.loss === "hinge";
      const labels = classLoss
        ? Float32Array.from({ length: BATCH }, (_, b) => (b * 3 + 1) % outputSize)
        : c.targets === "probabilities"
          ? Float32Array.from(pseudoRandom(BATCH * outputSize, 23), (v) => (v + 1) / 2)
          : Float32Array.from(pseudoRandom(BATCH * outputSize, 23));
      const dropoutState = model.randomState;
      reference.randomState = dropoutState;

      model.computeGradients(input, labels, BATCH);
      const analytic = Float64Array.from(model.grads);
      const analyticInput = Float64Array.from(model.inputGradient!(BATCH));
      reference.computeGradients(Float64Array.from(input), Float64Array.from(labels), BATCH);
      const expected = Float64Array.from(reference.grads);
      const expectedInput = Float64Array.from(reference.inputGradient!(BATCH));

      // 2. the float64 reference, within 1e-4 of the largest gradient
      const scale = Math.max(...expected.map(Math.abs), ...expectedInput.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-4);
      for (let i = 0; i < expected.length; i++)
        expect(Math.abs(analytic[i]! - expected[i]!), `grads[${i}]`).toBeLessThanOrEqual(
          1e-4 * scale,
        );
      for (let i = 0; i < expectedInput.length; i++)
        expect(
          Math.abs(analyticInput[i]! - expectedInput[i]!),
          `input gradient[${i}]`,
        ).toBeLessThanOrEqual(1e-4 * scale);

      // 1. finite differences of the compiled forward (float32: a step of 2e-3, large enough
      // for the rounding of the loss, small enough not to cross maxout's or relu's kinks)
      const loss = () => {
        model.randomState = dropoutState; // the same dropout mask for every evaluation
        model.forward(input, BATCH, true);
        return model.lossInto(labels, BATCH);
      };
      const h = 2e-3;
      const check = (values: Float32Array, index: number, exact: number, what: string) => {
        const saved = values[index]!;
        values[index] = saved + h;
        const up = loss();
        values[index] = saved - h;
        const down = loss();
        values[index] = saved;
        const numeric = (up - down) / (2 * h);
        expect(
          Math.abs(numeric - exact),
          `${what}: analytic ${exact}, numeric ${numeric}`,
        ).toBeLessThanOrEqual(2e-3 * scale + 2e-2 * Math.abs(exact));
      };
      let offset = 0;
      let probed = 0;
      for (const tensor of model.info.tensors.filter((t) => t.role === "param")) {
        const size = product(tensor.shape);
        for (const i of probes(size, 8)) {
          check(
            model.params as Float32Array,
            offset + i,
            expected[offset + i]!,
            `${tensor.name}[${i}]`,
          );
          probed++;
        }
        offset += size;
      }
      for (const i of probes(input.length, 12)) {
        check(input, i, expectedInput[i]!, `input[${i}]`);
        probed++;
      }
      expect(probed).toBeGreaterThan(5);
    });
  }
});
