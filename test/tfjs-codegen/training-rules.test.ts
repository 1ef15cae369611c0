import { beforeAll, describe, expect, it } from "vitest";
import type { AttrValue, ModelIR, TrainIR } from "../../src/ir/ir.js";
import { selectDevice } from "../../src/runtime/tfjs/index.js";
import { chainModel, program, trainFor } from "./ir-builder.js";
import {
  emitAndWrite,
  loadModule,
  type GeneratedTfjsModel,
  type GeneratedTfjsModule,
} from "./generated.js";
import { optimizerCases } from "../fixtures/training-rules.js";

/**
 * The generated training rules against their formulas, computed independently here in
 * float64: every loss of the catalogue (seed 001, and seed 000's label smoothing); every
 * optimizer from a fixed state and gradient sequence, step by step as the seeds' algorithm
 * boxes state them; weight decay (coupled and decoupled), lr_mult, frozen tensors,
 * gradient clipping, the global λ/n penalties; and every schedule.
 */

beforeAll(async () => {
  await selectDevice("cpu", { announce: () => {} });
});

let counter = 0;
async function emit(model: ModelIR, train: TrainIR): Promise<GeneratedTfjsModule> {
  const { dir } = await emitAndWrite(program(model, train), model.name, `rules-${++counter}`);
  return loadModule(dir);
}

function expectClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  relative = 2e-6,
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
  /** input [3] → dense(3) with the identity weight: the loss sees exactly the given outputs. */
  async function lossOf(
    name: string,
    args: Record<string, AttrValue>,
    outputs: number[],
    labels: number[],
  ): Promise<number> {
    const model = chainModel("Identity", [3], [{ kind: "dense", args: { units: 3 }, out: [3] }]);
    const train = trainFor("Identity", name, "sgd", { lr: 0.1 });
    train.loss = { ...train.loss, args };
    const generated = (await emit(model, train)).createModel();
    generated.initialize(0);
    generated.setTensors(
      new Map([
        ["dense_1.weight", Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1])],
        ["dense_1.bias", new Float32Array(3)],
      ]),
    );
    const n = outputs.length / 3;
    return generated.lossAndGradients(Float32Array.from(outputs), labels, n, false).loss;
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
    // Σ_j y log(y/ŷ) per sample (0·log 0 = 0), mean over the 2 samples
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
    // mse of z against one-hot(2), one-hot(0)
    const hot = [0, 0, 1, 1, 0, 0];
    expect(await lossOf("mse", {}, z, classes)).toBeCloseTo(
      meanOver(z, (p, t) => (p - t) ** 2, hot),
      5,
    );
  });
});

/** A model whose only tensor is a bias-free dense weight [2, 2] (4 values), driven by given gradients. */
async function optimizerModel(
  optimizer: string,
  args: Record<string, AttrValue>,
  settings: Record<string, AttrValue> = {},
  edit?: (model: ModelIR) => void,
): Promise<GeneratedTfjsModel> {
  const model = chainModel(
    "Opt",
    [2],
    [{ kind: "dense", args: { units: 2, bias: false }, out: [2] }],
  );
  edit?.(model);
  const train = trainFor("Opt", "mse", optimizer, args);
  train.settings = settings;
  const generated = (await emit(model, train)).createModel();
  generated.initialize(0);
  generated.setTensors(new Map([["dense_1.weight", Float32Array.from(theta0)]]));
  return generated;
}

const theta0 = [0.5, -1, 2, 0.25];
const gradientSequence = [
  [0.1, -0.2, 0.3, 0.05],
  [-0.4, 0.1, 0.2, 0.0],
  [0.25, 0.3, -0.1, -0.6],
];

/** Runs the generated optimizer over the gradient sequence; returns θ after each step. */
function trajectory(model: GeneratedTfjsModel, lr: number): number[][] {
  model.setLearningRate(lr);
  return gradientSequence.map((g) => {
    model.applyChannelsFirstGradients(new Map([["dense_1.weight", Float32Array.from(g)]]));
    return Array.from(model.getTensors().get("dense_1.weight")!);
  });
}

/** An element-wise reference rule over the sequence, in float64: state per element, step t from 1. */
function reference(
  rule: (theta: number, g: number, state: number[], t: number) => number,
  slots: number,
): number[][] {
  const theta = [...theta0];
  const states = theta.map(() => new Array<number>(slots).fill(0));
  return gradientSequence.map((g, k) => {
    for (let i = 0; i < theta.length; i++) theta[i] = rule(theta[i]!, g[i]!, states[i]!, k + 1);
    return [...theta];
  });
}

function expectTrajectory(actual: number[][], expected: number[][]): void {
  actual.forEach((step, k) => expectClose(step, expected[k]!, 3e-6));
}

describe("optimizers: the first steps match the algorithm boxes", () => {
  it("sgd (θ ← θ − εg), momentum (seed 000 alg. 4.2: v ← αv − εg, θ ← θ + v) and Nesterov (alg. 4.3, θ stored at θ + αv)", async () => {
    const eps = 0.1;
    expectTrajectory(
      trajectory(await optimizerModel("sgd", { lr: eps }), eps),
      reference((th, g) => th - eps * g, 0),
    );
    const alpha = 0.9;
    const momentum = reference((th, g, s) => {
      s[0] = alpha * s[0]! - eps * g;
      return th + s[0]!;
    }, 1);
    expectTrajectory(
      trajectory(await optimizerModel("sgd", { lr: eps, momentum: alpha }), eps),
      momentum,
    );
    // algorithm 4.3: θ̃ = θ + αv is where the gradient is taken; the model holds θ̃
    const theta = [...theta0];
    const v = [0, 0, 0, 0];
    const lookAhead = gradientSequence.map((g) => {
      for (let i = 0; i < 4; i++) {
        v[i] = alpha * v[i]! - eps * g[i]!;
        theta[i] = theta[i]! + v[i]!;
      }
      return theta.map((th, i) => th + alpha * v[i]!);
    });
    expectTrajectory(
      trajectory(await optimizerModel("sgd", { lr: eps, momentum: alpha, nesterov: true }), eps),
      lookAhead,
    );
  });

  it("sgd with dampening d (torch.optim.SGD: v ← g at t = 1, then μv + (1 − d)g)", async () => {
    const expected = reference((th, g, s, t) => {
      s[0] = t === 1 ? g : 0.9 * s[0]! + 0.5 * g;
      return th - 0.1 * s[0]!;
    }, 1);
    expectTrajectory(
      trajectory(await optimizerModel("sgd", { lr: 0.1, momentum: 0.9, dampening: 0.5 }), 0.1),
      expected,
    );
  });

  it("adagrad (seed 000 alg. 4.4) and adadelta (seed 001)", async () => {
    const adagrad = reference((th, g, s) => {
      s[0] = s[0]! + g * g;
      return th - (0.05 / (1e-7 + Math.sqrt(s[0]!))) * g;
    }, 1);
    expectTrajectory(
      trajectory(
        await optimizerModel("adagrad", { lr: 0.05, eps: 1e-7, initial_accumulator: 0 }),
        0.05,
      ),
      adagrad,
    );
    const rho = 0.9;
    const e = 1e-6;
    const adadelta = reference((th, g, s) => {
      s[0] = rho * s[0]! + (1 - rho) * g * g;
      const delta = (Math.sqrt(s[1]! + e) / Math.sqrt(s[0]! + e)) * g;
      s[1] = rho * s[1]! + (1 - rho) * delta * delta;
      return th - 1 * delta;
    }, 2);
    expectTrajectory(
      trajectory(await optimizerModel("adadelta", { lr: 1, rho, eps: e }), 1),
      adadelta,
    );
  });

  it("rmsprop (alg. 4.5), with momentum, and with Nesterov momentum (alg. 4.6, θ stored at θ + αv)", async () => {
    const [eps, rho, delta, alpha] = [0.01, 0.9, 1e-6, 0.8];
    const plain = reference((th, g, s) => {
      s[0] = rho * s[0]! + (1 - rho) * g * g;
      return th - (eps / Math.sqrt(delta + s[0]!)) * g;
    }, 1);
    expectTrajectory(
      trajectory(await optimizerModel("rmsprop", { lr: eps, rho, eps: delta }), eps),
      plain,
    );
    const withMomentum = reference((th, g, s) => {
      s[0] = rho * s[0]! + (1 - rho) * g * g;
      s[1] = alpha * s[1]! - (eps / Math.sqrt(delta + s[0]!)) * g;
      return th + s[1]!;
    }, 2);
    expectTrajectory(
      trajectory(
        await optimizerModel("rmsprop", { lr: eps, rho, eps: delta, momentum: alpha }),
        eps,
      ),
      withMomentum,
    );
    const theta = [...theta0];
    const r = [0, 0, 0, 0];
    const v = [0, 0, 0, 0];
    const nesterov = gradientSequence.map((g) => {
      for (let i = 0; i < 4; i++) {
        r[i] = rho * r[i]! + (1 - rho) * g[i]! ** 2;
        v[i] = alpha * v[i]! - (eps / Math.sqrt(delta + r[i]!)) * g[i]!;
        theta[i] = theta[i]! + v[i]!;
      }
      return theta.map((th, i) => th + alpha * v[i]!);
    });
    expectTrajectory(
      trajectory(
        await optimizerModel("rmsprop", {
          lr: eps,
          rho,
          eps: delta,
          momentum: alpha,
          nesterov: true,
        }),
        eps,
      ),
      nesterov,
    );
  });

  it("adam (alg. 4.7, δ after the root), adamax and nadam (seed 001)", async () => {
    const [lr, b1, b2, e] = [0.01, 0.9, 0.999, 1e-8];
    const adam = reference((th, g, s, t) => {
      s[0] = b1 * s[0]! + (1 - b1) * g;
      s[1] = b2 * s[1]! + (1 - b2) * g * g;
      return th - (lr * (s[0]! / (1 - b1 ** t))) / (Math.sqrt(s[1]! / (1 - b2 ** t)) + e);
    }, 2);
    expectTrajectory(
      trajectory(await optimizerModel("adam", { lr, beta1: b1, beta2: b2, eps: e }), lr),
      adam,
    );
    const adamax = reference((th, g, s, t) => {
      s[0] = b1 * s[0]! + (1 - b1) * g;
      s[1] = Math.max(b2 * s[1]!, Math.abs(g));
      return th - (lr / (s[1]! + e)) * (s[0]! / (1 - b1 ** t));
    }, 2);
    expectTrajectory(
      trajectory(await optimizerModel("adamax", { lr, beta1: b1, beta2: b2, eps: e }), lr),
      adamax,
    );
    const nadam = reference((th, g, s, t) => {
      s[0] = b1 * s[0]! + (1 - b1) * g;
      s[1] = b2 * s[1]! + (1 - b2) * g * g;
      const mHat = s[0]! / (1 - b1 ** t);
      const vHat = s[1]! / (1 - b2 ** t);
      return th - (lr / (Math.sqrt(vHat) + e)) * (b1 * mHat + ((1 - b1) * g) / (1 - b1 ** t));
    }, 2);
    expectTrajectory(
      trajectory(await optimizerModel("nadam", { lr, beta1: b1, beta2: b2, eps: e }), lr),
      nadam,
    );
  });

  it("weight decay: coupled (g + λθ) and decoupled (θ ← θ − lr·λ·θ, then the rule)", async () => {
    const [lr, wd] = [0.1, 0.05];
    const coupled = reference((th, g) => th - lr * (g + wd * th), 0);
    expectTrajectory(
      trajectory(await optimizerModel("sgd", { lr, weight_decay: wd }), lr),
      coupled,
    );
    const [b1, b2, e] = [0.9, 0.999, 1e-8];
    const adamw = reference((th, g, s, t) => {
      const decayed = th - lr * wd * th;
      s[0] = b1 * s[0]! + (1 - b1) * g;
      s[1] = b2 * s[1]! + (1 - b2) * g * g;
      return decayed - (lr * (s[0]! / (1 - b1 ** t))) / (Math.sqrt(s[1]! / (1 - b2 ** t)) + e);
    }, 2);
    expectTrajectory(
      trajectory(await optimizerModel("adam", { lr, weight_decay: wd, decoupled: true }), lr),
      adamw,
    );
  });

  it("lr_mult scales a tensor's rate; frozen tensors do not move", async () => {
    const halved = await optimizerModel("sgd", { lr: 0.1 }, {}, (model) => {
      const node = model.nodes[0]!;
      (node as { params: unknown }).params = node.params.map((p) => ({ ...p, lrMultiplier: 0.5 }));
    });
    expectTrajectory(
      trajectory(halved, 0.1),
      reference((th, g) => th - 0.05 * g, 0),
    );
    const frozen = await optimizerModel("sgd", { lr: 0.1 }, {}, (model) => {
      const node = model.nodes[0]!;
      (node as { params: unknown }).params = node.params.map((p) => ({ ...p, trainable: false }));
    });
    frozen.applyChannelsFirstGradients(new Map());
    expectClose(frozen.getTensors().get("dense_1.weight")!, theta0, 0);
  });

  it("gradient clipping by value and by global norm", async () => {
    const byValue = await optimizerModel("sgd", { lr: 1 }, { clip_value: 0.15 });
    expectTrajectory(
      trajectory(byValue, 1),
      reference((th, g) => th - Math.max(-0.15, Math.min(0.15, g)), 0),
    );
    const byNorm = await optimizerModel("sgd", { lr: 1 }, { clip_norm: 0.3 });
    const theta = [...theta0];
    const expected = gradientSequence.map((g) => {
      const norm = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
      const scale = Math.min(1, 0.3 / norm);
      g.forEach((v, i) => (theta[i] = theta[i]! - v * scale));
      return [...theta];
    });
    expectTrajectory(trajectory(byNorm, 1), expected);
  });

  it("global l1 and l2 are seed 001's λ/n·Σ|w| and λ/(2n)·Σw² in the minimised objective", async () => {
    const model = await optimizerModel("sgd", { lr: 0.1 }, { l1: 0.3, l2: 0.2 });
    model.setTrainingSetSize(4);
    const data = model.lossAndGradients(Float32Array.from([1, 2]), [0, 1], 1).loss;
    const { loss } = model.step(Float32Array.from([1, 2]), [0, 1], 1);
    const penalty =
      (0.3 / 4) * theta0.reduce((s, w) => s + Math.abs(w), 0) +
      (0.2 / 8) * theta0.reduce((s, w) => s + w * w, 0);
    expect(loss - data).toBeCloseTo(penalty, 5);
  });

  it("the optimizer state and step counter round-trip through getOptimizerState/getCounters", async () => {
    const first = await optimizerModel("adam", { lr: 0.01 });
    first.setLearningRate(0.01);
    first.applyChannelsFirstGradients(
      new Map([["dense_1.weight", Float32Array.from(gradientSequence[0]!)]]),
    );
    const state = await first.getOptimizerState();
    expect(state.map((s) => s.name)).toEqual([
      "dense_1.weight/first_moment",
      "dense_1.weight/second_moment",
    ]);
    const second = await optimizerModel("adam", { lr: 0.01 });
    second.setTensors(first.getTensors());
    await second.setOptimizerState(state);
    second.setCounters(first.getCounters());
    second.setLearningRate(0.01);
    for (const model of [first, second])
      model.applyChannelsFirstGradients(
        new Map([["dense_1.weight", Float32Array.from(gradientSequence[1]!)]]),
      );
    expect(Array.from(second.getTensors().get("dense_1.weight")!)).toEqual(
      Array.from(first.getTensors().get("dense_1.weight")!),
    );
  });
});

describe("schedules, per epoch from ε_0", () => {
  async function schedule(
    name: string | undefined,
    args: Record<string, AttrValue>,
  ): Promise<(epoch: number) => number> {
    const model = chainModel("Sched", [2], [{ kind: "dense", args: { units: 2 }, out: [2] }]);
    const train = trainFor("Sched", "mse", "sgd", { lr: 0.1 });
    if (name !== undefined) train.schedule = { name, args, span: train.span };
    const module = await emit(model, train);
    return (epoch) => module.learningRateAt(epoch, 0.1);
  }

  it("constant, step, exponential", async () => {
    const constant = await schedule(undefined, {});
    expect([0, 5, 50].map(constant)).toEqual([0.1, 0.1, 0.1]);
    const step = await schedule("step", { every: 3, gamma: 0.5 });
    [0, 1, 2, 3, 5, 6, 9].forEach((k) =>
      expect(step(k)).toBeCloseTo(0.1 * 0.5 ** Math.floor(k / 3), 12),
    );
    const exponential = await schedule("exponential", { gamma: 0.9 });
    [0, 1, 7].forEach((k) => expect(exponential(k)).toBeCloseTo(0.1 * 0.9 ** k, 12));
  });

  it("linear decay to τ (seed 000: ε_k = (1 − α)ε_0 + αε_τ, α = k/τ, then constant)", async () => {
    const linear = await schedule("linear", { tau: 4, final: 0.01 });
    const epsTau = 0.1 * 0.01;
    [0, 1, 2, 4].forEach((k) =>
      expect(linear(k)).toBeCloseTo((1 - k / 4) * 0.1 + (k / 4) * epsTau, 12),
    );
    expect(linear(9)).toBeCloseTo(epsTau, 12);
  });

  it("cosine annealing (seed 003: ε_min + ½(ε_0 − ε_min)(1 + cos(πk/T)))", async () => {
    const cosine = await schedule("cosine", { t_max: 10, eta_min: 0.001 });
    [0, 3, 5, 10].forEach((k) =>
      expect(cosine(k)).toBeCloseTo(
        0.001 + 0.5 * (0.1 - 0.001) * (1 + Math.cos((Math.PI * k) / 10)),
        12,
      ),
    );
    expect(cosine(5)).toBeCloseTo(0.0505, 12);
  });
});

describe("optimizers: the shared fixture's cases (test/fixtures/training-rules.ts, also run by test/loops)", () => {
  for (const c of optimizerCases) {
    it(c.name, async () => {
      expectTrajectory(
        trajectory(await optimizerModel(c.optimizer, c.args, c.settings ?? {}), c.lr),
        c.expected,
      );
    });
  }
});
