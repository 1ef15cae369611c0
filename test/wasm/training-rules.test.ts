import { describe, expect, it } from "vitest";
import type { AttrValue, ProgramIR } from "../../src/ir/ir.js";
import { trainSection, withTrain } from "../helpers/programs.js";
import { gradientSequence, optimizerCases, theta0 } from "../fixtures/training-rules.js";
import { checkOk } from "../loops/compile-helper.js";
import { loadWasmClass, type GeneratedWasmModel } from "./compile-helper.js";

/**
 * The compiled backend's training rules against their formulas: the same cases as the
 * loops reference's test/loops/training-rules.test.ts (the shared fixture
 * test/fixtures/training-rules.ts, computed in float64 from the seeds' algorithm boxes):
 * every loss's value, every optimizer's first steps from a fixed state and gradient
 * sequence, weight decay, lr_mult, frozen tensors, clipping and the L1/L2 penalties.
 * The schedules live in train.ts, which both backends share.
 */

interface Extended extends GeneratedWasmModel {
  penalty(): number;
  setTrainingSetSize(count: number): void;
}

let counter = 0;
/** A setting's value as the language writes it. */
function written(value: AttrValue): string {
  return Array.isArray(value) ? `[${value.map(written).join(", ")}]` : String(value);
}

async function compile(
  body: string,
  train: { loss: string; optimizer: string; settings: Record<string, AttrValue> },
): Promise<Extended> {
  const text = `model R {\n  ${body}\n}\n`;
  const program: ProgramIR = checkOk("rules.net", text);
  const settings = Object.entries(train.settings).map(([k, v]) => `${k} = ${written(v)}`);
  const section = trainSection(
    "R",
    [
      "data = mnist",
      `loss = ${train.loss}`,
      `optimizer = ${train.optimizer}`,
      "batch = 4",
      "epochs = 1",
      "seed = 1",
      ...settings,
    ].join("\n"),
  );
  const { Model } = await loadWasmClass(
    withTrain(program, section),
    "R",
    { sourcePath: "rules.net", sourceText: text },
    `rules-${++counter}`,
  );
  return new Model(4) as Extended;
}

/** `name(k = v, …)`: the checker fills in every argument left out. */
const configured = (name: string, args: Record<string, AttrValue>) =>
  `${name}(${Object.entries(args)
    .map(([k, v]) => `${k} = ${written(v)}`)
    .join(", ")})`;

function expectClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  relative: number,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = relative * Math.max(1, Math.abs(expected[i]!));
    expect(
      Math.abs(actual[i]! - expected[i]!),
      `index ${i}: ${actual[i]} vs ${expected[i]}`,
    ).toBeLessThanOrEqual(tolerance);
  }
}

describe("losses (identity model: the output is the input)", () => {
  async function lossOf(
    name: string,
    args: Record<string, AttrValue>,
    outputs: number[],
    labels: number[],
  ): Promise<number> {
    const model = await compile("input [3]\n  dense(3)", {
      loss: configured(name, args),
      optimizer: configured("sgd", { lr: 0.1 }),
      settings: {},
    });
    model.initialize(0);
    model.setTensors(
      new Map([
        ["dense_1.weight", Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1])],
        ["dense_1.bias", new Float32Array(3)],
      ]),
    );
    const n = outputs.length / 3;
    model.forward(Float32Array.from(outputs), n, false);
    return model.lossInto(labels, n);
  }

  const z = [0.2, -1.3, 2.1, 1.5, 0.4, -0.7];
  const classes = [2, 0];
  const probabilities = [0.2, 0.5, 0.3, 0.6, 0.3, 0.1];
  const targets = [0, 1, 0.5, 0.25, 0.25, 0.5];
  const rows = (xs: number[]) => [xs.slice(0, 3), xs.slice(3)];
  const logSoftmax = (row: number[]) => {
    const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    return row.map((v) => v - lse);
  };
  const meanOver = (xs: number[], f: (p: number, t: number) => number, ys: number[]) =>
    xs.reduce((s, x, i) => s + f(x, ys[i]!), 0) / xs.length;

  it("cross_entropy, with seed 000's label smoothing (1 − ε and ε/(k − 1))", async () => {
    const plain = rows(z).reduce((s, row, b) => s - logSoftmax(row)[classes[b]!]!, 0) / 2;
    expect(await lossOf("cross_entropy", {}, z, classes)).toBeCloseTo(plain, 5);
    const eps = 0.2;
    const smoothed =
      rows(z).reduce(
        (s, row, b) =>
          s -
          logSoftmax(row).reduce((t, l, j) => t + (j === classes[b] ? 1 - eps : eps / 2) * l, 0),
        0,
      ) / 2;
    expect(await lossOf("cross_entropy", { label_smoothing: eps }, z, classes)).toBeCloseTo(
      smoothed,
      5,
    );
  });

  it("nll and hinge", async () => {
    expect(await lossOf("nll", {}, z, classes)).toBeCloseTo(-(z[2]! + z[3]!) / 2, 6);
    const hinge = (margin: number) =>
      rows(z).reduce(
        (s, row, b) =>
          s +
          row.reduce(
            (t, v, j) => t + (j === classes[b] ? 0 : Math.max(0, margin - row[classes[b]!]! + v)),
            0,
          ),
        0,
      ) / 2;
    expect(await lossOf("hinge", {}, z, classes)).toBeCloseTo(hinge(1), 5);
    expect(await lossOf("hinge", { margin: 3 }, z, classes)).toBeCloseTo(hinge(3), 5);
  });

  it("binary_cross_entropy and kl_div on probabilities", async () => {
    const bce = meanOver(
      probabilities,
      (p, t) => -(t * Math.log(p) + (1 - t) * Math.log(1 - p)),
      targets,
    );
    expect(await lossOf("binary_cross_entropy", {}, probabilities, targets)).toBeCloseTo(bce, 5);
    const kl =
      probabilities.reduce(
        (s, p, i) => s + (targets[i] === 0 ? 0 : targets[i]! * Math.log(targets[i]! / p)),
        0,
      ) / 2;
    expect(await lossOf("kl_div", {}, probabilities, targets)).toBeCloseTo(kl, 5);
  });

  it("mse, rmse, mae, msle, huber(delta), log_cosh over every element", async () => {
    const mse = meanOver(z, (p, t) => (p - t) ** 2, targets);
    expect(await lossOf("mse", {}, z, targets)).toBeCloseTo(mse, 5);
    expect(await lossOf("rmse", {}, z, targets)).toBeCloseTo(Math.sqrt(mse), 5);
    expect(await lossOf("mae", {}, z, targets)).toBeCloseTo(
      meanOver(z, (p, t) => Math.abs(p - t), targets),
      5,
    );
    expect(await lossOf("msle", {}, probabilities, targets)).toBeCloseTo(
      meanOver(probabilities, (p, t) => (Math.log(1 + p) - Math.log(1 + t)) ** 2, targets),
      6,
    );
    const huber = (delta: number) =>
      meanOver(
        z,
        (p, t) =>
          Math.abs(p - t) <= delta ? 0.5 * (p - t) ** 2 : delta * (Math.abs(p - t) - 0.5 * delta),
        targets,
      );
    expect(await lossOf("huber", {}, z, targets)).toBeCloseTo(huber(1), 5);
    expect(await lossOf("huber", { delta: 0.5 }, z, targets)).toBeCloseTo(huber(0.5), 5);
    expect(await lossOf("log_cosh", {}, z, targets)).toBeCloseTo(
      meanOver(z, (p, t) => Math.log(Math.cosh(p - t)), targets),
      5,
    );
  });

  it("class labels are one-hot encoded for value losses", async () => {
    const hot = [0, 0, 1, 1, 0, 0];
    expect(await lossOf("mse", {}, z, classes)).toBeCloseTo(
      meanOver(z, (p, t) => (p - t) ** 2, hot),
      5,
    );
  });
});

/** input [2] → dense(2, bias=false): one tensor of 4 values at θ0, stepped with the fixture's gradients. */
async function optimizerModel(
  optimizer: string,
  args: Record<string, AttrValue>,
  settings: Record<string, AttrValue> = {},
  layerOptions = "",
): Promise<Extended> {
  const model = await compile(`input [2]\n  dense(2, bias=false${layerOptions})`, {
    loss: configured("mse", {}),
    optimizer: configured(optimizer, args),
    settings,
  });
  model.initialize(0);
  model.setTensors(new Map([["dense_1.weight", Float32Array.from(theta0)]]));
  return model;
}

function trajectory(model: Extended, lr: number): number[][] {
  return gradientSequence.map((g) => {
    model.grads.set(g);
    model.step(lr);
    return Array.from(model.getTensors().get("dense_1.weight")!);
  });
}

describe("optimizers: the first steps match the algorithm boxes", () => {
  for (const c of optimizerCases) {
    it(c.name, async () => {
      const model = await optimizerModel(c.optimizer, c.args, c.settings ?? {});
      trajectory(model, c.lr).forEach((step, k) => expectClose(step, c.expected[k]!, 3e-6));
    });
  }

  it("lr_mult scales a tensor's rate; frozen tensors do not move", async () => {
    const halved = await optimizerModel("sgd", { lr: 0.1 }, {}, ", lr_mult = 0.5");
    trajectory(halved, 0.1).forEach((step, k) => {
      const expected = theta0.map(
        (th, i) => th - 0.05 * gradientSequence.slice(0, k + 1).reduce((s, g) => s + g[i]!, 0),
      );
      expectClose(step, expected, 3e-6);
    });
    const frozen = await optimizerModel("sgd", { lr: 0.1 }, {}, ", frozen = true");
    trajectory(frozen, 0.1).forEach((step) => expectClose(step, theta0, 0));
  });

  it("layer l1/l2 and global λ/n penalties: penalty() is l1·Σ|w| + l2·Σw²/2 + λ₁/n·Σ|w| + λ₂/(2n)·Σw², and step() descends its gradient", async () => {
    const model = await optimizerModel(
      "sgd",
      { lr: 0.1 },
      { l1: 0.3, l2: 0.2 },
      ", l1 = 0.01, l2 = 0.04",
    );
    model.setTrainingSetSize(4);
    const abs = theta0.reduce((s, w) => s + Math.abs(w), 0);
    const squares = theta0.reduce((s, w) => s + w * w, 0);
    expect(model.penalty()).toBeCloseTo(
      0.01 * abs + 0.02 * squares + (0.3 / 4) * abs + (0.2 / 8) * squares,
      6,
    );
    model.grads.fill(0);
    model.step(0.1);
    const expected = theta0.map(
      (w) => w - 0.1 * ((0.01 + 0.3 / 4) * Math.sign(w) + (0.04 + 0.2 / 4) * w),
    );
    expectClose(model.getTensors().get("dense_1.weight")!, expected, 3e-6);
  });

  it("the optimizer state and step counter carry a run on exactly", async () => {
    const first = await optimizerModel("adam", { lr: 0.01 });
    first.grads.set(gradientSequence[0]!);
    first.step(0.01);
    const second = await optimizerModel("adam", { lr: 0.01 });
    second.setTensors(first.getTensors());
    second.optimizerState.set(first.optimizerState);
    second.stepCount = first.stepCount;
    for (const model of [first, second]) {
      model.grads.set(gradientSequence[1]!);
      model.step(0.01);
    }
    expect(Array.from(second.getTensors().get("dense_1.weight")!)).toEqual(
      Array.from(first.getTensors().get("dense_1.weight")!),
    );
  });
});
