import { beforeAll, describe, expect, it } from "vitest";
import { selectDevice } from "../../src/runtime/tfjs/index.js";
import { checkOk, trainSection, withTrain } from "../helpers/programs.js";
import { emitAndWrite, loadModel, type GeneratedTfjsModel } from "./generated.js";

/**
 * Forward values of the emitted tfjs layers against numbers computed by hand, on tiny
 * models with chosen weights. Asymmetric kernels and distinct channel values make a
 * wrong weight layout, flatten order or group assignment give different numbers.
 */

beforeAll(async () => {
  await selectDevice("cpu", { announce: () => {} });
});

let counter = 0;
/** A model Tiny of this .net body, compiled for tfjs with the given tensors (and the loss, for gradients). */
async function build(
  body: string,
  tensors: Record<string, number[]>,
  loss?: string,
): Promise<GeneratedTfjsModel> {
  const checked = checkOk("tiny.net", `model Tiny {\n${body}\n}\n`);
  const program =
    loss === undefined
      ? checked
      : withTrain(checked, trainSection("Tiny", `data = mnist\nloss = ${loss}\noptimizer = sgd`));
  const { dir } = await emitAndWrite(program, "Tiny", `layers-${++counter}`);
  const generated = await loadModel(dir);
  generated.initialize(1);
  generated.setTensors(
    new Map(Object.entries(tensors).map(([name, values]) => [name, Float32Array.from(values)])),
  );
  return generated;
}

async function run(model: GeneratedTfjsModel, input: number[], n = 1): Promise<number[]> {
  return Array.from(await model.predict(Float32Array.from(input), n));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("tfjs layer emitters", () => {
  it("conv2d uses PyTorch's weight layout [out, in, kH, kW]", async () => {
    const model = await build("input [1, 3, 3]\nconv2d(filters = 1, kernel = 2) -> flatten", {
      "conv2d_1.weight": [1, 2, 3, 4],
      "conv2d_1.bias": [0.5],
    });
    // x = 1..9 row-major; y[i][j] = x[i][j] + 2x[i][j+1] + 3x[i+1][j] + 4x[i+1][j+1] + 0.5
    expect(await run(model, range(9))).toEqual([37.5, 47.5, 67.5, 77.5]);
  });

  it("flatten is channels-first and a 1×1 conv mixes channels by weight[out, in]", async () => {
    const model = await build("input [2, 2, 2]\nconv2d(filters = 2, kernel = 1) -> flatten", {
      "conv2d_1.weight": [1, 0, 1, 10],
      "conv2d_1.bias": [0, 0],
    });
    // out0 = c0, out1 = c0 + 10·c1
    expect(await run(model, range(8))).toEqual([1, 2, 3, 4, 51, 62, 73, 84]);
  });

  it("depthwise conv (groups = channels) scales each channel by its own kernel", async () => {
    const model = await build(
      "input [2, 2, 2]\nconv2d(filters = 4, kernel = 1, groups = 2, bias = false) -> flatten",
      { "conv2d_1.weight": [2, 3, 5, 7] },
    );
    // channel 0 → outputs 0, 1 (×2, ×3); channel 1 → outputs 2, 3 (×5, ×7)
    expect(await run(model, range(8))).toEqual([
      2, 4, 6, 8, 3, 6, 9, 12, 25, 30, 35, 40, 35, 42, 49, 56,
    ]);
  });

  it("grouped conv splits channels into groups in order", async () => {
    const model = await build(
      "input [4, 1, 1]\nconv2d(filters = 2, kernel = 1, groups = 2, bias = false) -> flatten",
      { "conv2d_1.weight": [1, 10, 100, 1000] },
    );
    expect(await run(model, [1, 2, 3, 4])).toEqual([21, 4300]);
  });

  it("conv1d with padding computes a difference filter", async () => {
    const model = await build("input [1, 5]\nconv1d(filters = 1, kernel = 3, pad = 1) -> flatten", {
      "conv1d_1.weight": [1, 0, -1],
      "conv1d_1.bias": [0],
    });
    expect(await run(model, range(5))).toEqual([-2, -2, -2, -2, 4]);
  });

  it("strided, dilated and 'same'-padded conv2d", async () => {
    const strided = await build(
      "input [1, 4, 4]\nconv2d(filters = 1, kernel = 2, stride = 2, bias = false) -> flatten",
      { "conv2d_1.weight": [1, 1, 1, 1] },
    );
    expect(await run(strided, range(16))).toEqual([14, 22, 46, 54]);
    const dilated = await build(
      "input [1, 3, 3]\nconv2d(filters = 1, kernel = 2, dilation = 2, bias = false) -> flatten",
      { "conv2d_1.weight": [1, 2, 3, 4] },
    );
    // taps at the corners 1, 3, 7, 9
    expect(await run(dilated, range(9))).toEqual([1 + 6 + 21 + 36]);
    const same = await build(
      "input [1, 2, 2]\nconv2d(filters = 1, kernel = 2, pad = same, bias = false) -> flatten",
      { "conv2d_1.weight": [1, 1, 1, 1] },
    );
    // TensorFlow's 'same': the extra row and column of zeros go after
    expect(await run(same, [1, 2, 3, 4])).toEqual([10, 6, 7, 4]);
  });

  it("max and average pooling (average counts padded zeros), global average, zero padding", async () => {
    const max = await build("input [1, 4, 4]\nmaxpool2d(kernel = 2) -> flatten", {});
    expect(await run(max, [1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 0, 1, 7])).toEqual([5, 8, 9, 7]);
    const avg = await build(
      "input [1, 2, 2]\navgpool2d(kernel = 2, stride = 2, pad = 1) -> flatten",
      {},
    );
    expect(await run(avg, [1, 2, 3, 4])).toEqual([0.25, 0.5, 0.75, 1]);
    const pool1d = await build("input [1, 6]\nmaxpool1d(kernel = 3) -> flatten", {});
    expect(await run(pool1d, [3, 1, 2, 0, 6, 5])).toEqual([3, 6]);
    const global = await build("input [2, 2, 2]\nglobal_avgpool", {});
    expect(await run(global, range(8))).toEqual([2.5, 6.5]);
    const padded = await build("input [1, 1, 2]\nzeropad2d(pad = [1, 0, 0, 1]) -> flatten", {});
    expect(await run(padded, [7, 8])).toEqual([0, 0, 0, 7, 8, 0]);
  });

  it("dense uses weight [out, in]; reshape is channels-first; activations", async () => {
    const model = await build("input [3]\ndense(units = 2) -> tanh", {
      "dense_1.weight": [1, 2, 3, 4, 5, 6],
      "dense_1.bias": [0.5, -14.5],
    });
    const [a, b] = await run(model, [1, 0, -1]);
    expect(a).toBeCloseTo(Math.tanh(1 - 3 + 0.5), 6);
    expect(b).toBeCloseTo(Math.tanh(4 - 6 - 14.5), 6);
    const reshaped = await build(
      "input [4]\nreshape(shape = [2, 1, 2]) -> conv2d(filters = 1, kernel = 1, bias = false) -> flatten",
      { "conv2d_1.weight": [1, 100] },
    );
    // [1, 2, 3, 4] as [2, 1, 2]: channel 0 = (1, 2), channel 1 = (3, 4)
    expect(await run(reshaped, [1, 2, 3, 4])).toEqual([301, 402]);
    const soft = await build("input [3]\nlog_softmax", {});
    const logs = await run(soft, [1, 2, 3]);
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    logs.forEach((value, i) => expect(value).toBeCloseTo(i + 1 - lse, 5));
    const sig = await build("input [2]\nsigmoid -> relu", {});
    const s = await run(sig, [0, -100]);
    expect(s[0]).toBeCloseTo(0.5, 6);
    expect(s[1]).toBeCloseTo(0, 6);
  });

  it("elu(alpha), leaky_relu(a) and per-channel prelu", async () => {
    const elu = await build("input [2]\nelu(alpha = 2)", {});
    const e = await run(elu, [-1, 3]);
    expect(e[0]).toBeCloseTo(2 * (Math.exp(-1) - 1), 6);
    expect(e[1]).toBe(3);
    const leaky = await build("input [2]\nleaky_relu(a = 0.1)", {});
    expect(await run(leaky, [-2, 2])).toEqual([Math.fround(-0.2), 2]);
    const prelu = await build("input [2, 1, 2]\nprelu -> flatten", { "prelu_1.alpha": [0.5, 3] });
    // channel 0 slope 0.5, channel 1 slope 3
    expect(await run(prelu, [-2, 1, -2, 1])).toEqual([-1, 1, -6, 1]);
  });

  it("batch norm: running statistics in evaluation, batch statistics and PyTorch's update in training", async () => {
    const model = await build("input [2]\nbatchnorm", {
      "batchnorm_1.gamma": [2, 1],
      "batchnorm_1.beta": [0, 1],
      "batchnorm_1.running_mean": [1, 0],
      "batchnorm_1.running_var": [4, 1],
    });
    const evaluated = await run(model, [3, 2], 1);
    expect(evaluated[0]).toBeCloseTo((2 * (3 - 1)) / Math.sqrt(4 + 1e-5), 5);
    expect(evaluated[1]).toBeCloseTo(2 / Math.sqrt(1 + 1e-5) + 1, 5);
    // One training forward (through lossAndGradients) on the batch (1, 0), (3, 0): mean (2, 0), biased var (1, 0), unbiased (2, 0).
    model.lossAndGradients(Float32Array.from([1, 0, 3, 0]), [0, 1], 2);
    const t = model.getTensors();
    expect(Array.from(t.get("batchnorm_1.running_mean")!)).toEqual(
      [0.9 * 1 + 0.1 * 2, 0].map(Math.fround),
    );
    const runningVar = Array.from(t.get("batchnorm_1.running_var")!);
    expect(runningVar[0]).toBeCloseTo(0.9 * 4 + 0.1 * 2, 6);
    expect(runningVar[1]).toBeCloseTo(0.9, 6);
  });

  it("dropout is the identity in evaluation and zeroes about `rate` of the values in training", async () => {
    const model = await build(
      "input [1000]\ndropout(rate = 0.5) -> dense(units = 1, bias = false)",
      { "dense_1.weight": new Array(1000).fill(1) },
      "mse",
    );
    expect(await run(model, new Array(1000).fill(1))).toEqual([1000]);
    // loss = y², y = Σ kept·2: d loss/d w_i = 2y·2 for kept inputs, 0 for dropped ones.
    const { gradients } = model.lossAndGradients(
      Float32Array.from(new Array(1000).fill(1)),
      [0],
      1,
    );
    const grad = Array.from(gradients.get("dense_1.weight")!);
    const kept = grad.filter((g) => g !== 0).length;
    expect(kept).toBeGreaterThan(430);
    expect(kept).toBeLessThan(570);
  });
});
