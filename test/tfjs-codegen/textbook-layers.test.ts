import { beforeAll, describe, expect, it } from "vitest";
import { selectDevice } from "../../src/runtime/tfjs/index.js";
import { adaptiveBins } from "../../src/layers/adaptive_avgpool/definition.js";
import { checkOk, trainSection, withTrain } from "../helpers/programs.js";
import { emitAndWrite, loadModel, type GeneratedTfjsModel } from "./generated.js";

/**
 * Forward values (and, where the layout matters, gradients) of the textbook layer kinds
 * (LeNet-5's classic layers, AlexNet's LRN, seed 001's activations)
 * in the tfjs backend, against numbers computed by hand on tiny inputs.
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
  const { dir } = await emitAndWrite(program, "Tiny", `textbook-layers-${++counter}`);
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

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

function expectClose(actual: number[], expected: number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a, `index ${i}`).toBeCloseTo(expected[i]!, digits));
}

describe("tfjs emitters of the textbook layers", () => {
  it("subsample: weight[c]·Σ(window) + bias[c] per map", async () => {
    const model = await build("input [2, 2, 2]\nsubsample(kernel = 2) -> flatten", {
      "subsample_1.weight": [2, 0.5],
      "subsample_1.bias": [1, -1],
    });
    // Σ channel 0 = 1+2+3+4 = 10 → 2·10 + 1; Σ channel 1 = 26 → 0.5·26 − 1
    expect(await run(model, range(8))).toEqual([21, 12]);
  });

  it("conv2d_table: only the tabled maps feed each output; packed weight and its gradient in table order", async () => {
    const model = await build(
      "input [3, 2, 2]\nconv2d_table(filters = 2, kernel = 2, table = [[0, 2], [1]]) -> flatten",
      {
        // rows: (out 0 ← in 0), (out 0 ← in 2), (out 1 ← in 1)
        "conv2d_table_1.weight": [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0],
        "conv2d_table_1.bias": [0.5, 0],
      },
      "mse",
    );
    // in 0 = 1..4, in 1 = 5..8, in 2 = 9..12: out 0 = x0[0,0] + x2[1,1] + 0.5 = 13.5; out 1 = x1[0,1] = 6
    const input = range(12);
    expect(await run(model, input)).toEqual([13.5, 6]);
    // mse against one-hot(1) = [0, 1]: ∂/∂y = 2(y − t)/2 = (13.5, 5); each packed row's gradient is ∂/∂y_out · its input map
    const { gradients } = model.lossAndGradients(Float32Array.from(input), [1], 1, false);
    const expected = [
      ...[1, 2, 3, 4].map((x) => 13.5 * x),
      ...[9, 10, 11, 12].map((x) => 13.5 * x),
      ...[5, 6, 7, 8].map((x) => 5 * x),
    ];
    expectClose(Array.from(gradients.get("conv2d_table_1.weight")!), expected, 3);
    expectClose(Array.from(gradients.get("conv2d_table_1.bias")!), [13.5, 5], 4);
  });

  it("rbf: Σ(x − w)² per unit, negated on request", async () => {
    const centres = { "rbf_1.weight": [1, 1, 0, 3] };
    const plain = await build("input [2]\nrbf(units = 2)", centres);
    // x = (2, −1): (1² + (−2)², 2² + (−4)²)
    expect(await run(plain, [2, -1])).toEqual([5, 20]);
    const negated = await build("input [2]\nrbf(units = 2, negate = true)", centres);
    expect(await run(negated, [2, -1])).toEqual([-5, -20]);
  });

  it("lrn: PyTorch's b_c = a_c·(k + α/n·Σ a²)^−β over c − ⌊n/2⌋ … c + ⌊(n−1)/2⌋, zeros outside", async () => {
    const a = [1, 2, 3, -1];
    const reference = (size: number, alpha: number, beta: number, k: number) =>
      a.map((value, c) => {
        let sum = 0;
        for (let d = c - Math.floor(size / 2); d <= c + Math.floor((size - 1) / 2); d++)
          if (d >= 0 && d < a.length) sum += a[d]! ** 2;
        return value * (k + (alpha / size) * sum) ** -beta;
      });
    for (const [size, alpha, beta, k] of [
      [2, 1, 1, 1],
      [3, 0.3, 0.75, 2],
      [5, 1e-4, 0.75, 1],
    ] as const) {
      const model = await build(
        `input [4, 1, 1]\nlrn(size = ${size}, alpha = ${alpha}, beta = ${beta}, k = ${k}) -> flatten`,
        {},
      );
      expectClose(await run(model, a), reference(size, alpha, beta, k), 5);
    }
    // size 2, α = β = k = 1 by hand: sums 1, 5, 13, 10 → 1/1.5, 2/3.5, 3/7.5, −1/6
    expectClose(reference(2, 1, 1, 1), [1 / 1.5, 2 / 3.5, 3 / 7.5, -1 / 6], 12);
  });

  it("adaptive_avgpool: PyTorch's overlapping bins, 2-D and 1-D", async () => {
    expect(adaptiveBins(3, 2)).toEqual([
      [0, 2],
      [1, 3],
    ]);
    const square = range(9).map((x) => x * x);
    const model2d = await build("input [1, 3, 3]\nadaptive_avgpool(output = 2) -> flatten", {});
    // bins rows {0,1},{1,2} × columns {0,1},{1,2} of x² for x = 1..9 (row-major)
    const at = (r: number, c: number) => square[r * 3 + c]!;
    const mean4 = (r: number, c: number) =>
      (at(r, c) + at(r, c + 1) + at(r + 1, c) + at(r + 1, c + 1)) / 4;
    expectClose(
      await run(model2d, square),
      [mean4(0, 0), mean4(0, 1), mean4(1, 0), mean4(1, 1)],
      4,
    );
    const model1d = await build("input [2, 5]\nadaptive_avgpool(output = 2) -> flatten", {});
    // per channel, bins [0, 3) and [2, 5)
    expectClose(await run(model1d, [1, 2, 3, 4, 5, 10, 0, 0, 0, 20]), [2, 4, 10 / 3, 20 / 3], 5);
  });

  it("maxout: the largest of k affine pieces per unit, weight [units, k, in]", async () => {
    const model = await build("input [2]\nmaxout(units = 2, k = 2)", {
      "maxout_1.weight": [1, 0, 0, 1, 1, 1, -1, -1],
      "maxout_1.bias": [0, 0, 0, 0.5],
    });
    expect(await run(model, [3, 5])).toEqual([5, 8]);
    expect(await run(model, [-3, -5])).toEqual([-3, 8.5]);
  });

  it("noise: identity in evaluation; N(0, std²) in training, new per call, reproducible from the seed", async () => {
    const size = 2000;
    const model = await build(
      `input [${size}]\nnoise(std = 2) -> dense(units = 1, bias = false)`,
      { "dense_1.weight": new Array(size).fill(1) },
      "mse",
    );
    const zeros = new Float32Array(size);
    expect(await run(model, Array.from(zeros))).toEqual([0]);
    // mse with target 0: ∂/∂w_i = 2y·ε_i, with y = Σε: the noise sample is ∂/∂w divided by 2y
    const noiseOf = () => {
      const { gradients } = model.lossAndGradients(zeros, [0], 1);
      return Array.from(gradients.get("dense_1.weight")!);
    };
    const first = noiseOf();
    const second = noiseOf();
    // ratios between components are ratios of noise values, independent of y
    const scale = (g: number[]) => Math.sqrt(g.reduce((s, v) => s + v * v, 0) / g.length);
    const normalised = (g: number[]) => g.map((v) => v / scale(g));
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(Math.abs(mean(normalised(first)))).toBeLessThan(0.1);
    expect(first).not.toEqual(second);
    // g_i = 2y·ε_i with y = Σε, so Σg = 2y²: |y| = √(Σg/2), and ε_i = g_i/(2y) up to a common sign
    const stdOf = (g: number[]) => {
      const y = Math.sqrt(g.reduce((s, v) => s + v, 0) / 2);
      const eps = g.map((v) => v / (2 * y));
      return Math.sqrt(mean(eps.map((e) => e * e)) - mean(eps) ** 2);
    };
    expect(stdOf(first)).toBeGreaterThan(1.85);
    expect(stdOf(first)).toBeLessThan(2.15);
    // the same seed and call count give the same noise
    model.initialize(1);
    model.setTensors(new Map([["dense_1.weight", new Float32Array(size).fill(1)]]));
    expect(noiseOf()).toEqual(first);
  });
});
