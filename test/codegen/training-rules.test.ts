import { beforeAll, describe, expect, it } from "vitest";
import { emitLoops } from "../../src/codegen/loops/index.js";
import { emitTfjs } from "../../src/codegen/tfjs/index.js";
import { scheduleFormula } from "../../src/codegen/common/schedules.js";
import type { ProgramIR } from "../../src/ir/ir.js";
import { selectDevice } from "../../src/runtime/tfjs/index.js";
import {
  gradientSequence,
  lossCases,
  optimizerCases,
  scheduleCases,
  theta0,
} from "../fixtures/training-rules.js";
import { checkOk, trainSection, withTrain } from "../helpers/programs.js";
import { loadModel as loadLoopsModel, type GeneratedLoopsModel } from "../loops/compile-helper.js";
import {
  emitAndWrite,
  loadModel as loadTfjsModel,
  type GeneratedTfjsModel,
} from "../tfjs-codegen/generated.js";
import { loadWasmClass, type GeneratedWasmModel } from "../wasm/compile-helper.js";

/**
 * Every backend's training rules against one fixture (test/fixtures/training-rules.ts,
 * computed in float64 from the seeds' formulas): every loss's value, every optimizer's
 * first steps from a fixed state and gradient sequence (weight decay and clipping
 * included), lr_mult, frozen tensors, the global λ/n penalties, and every schedule. Each
 * case compiles a tiny model with a train section through the real checker and emitter
 * and runs the generated code.
 */

/** What the cases need of a generated model, whatever its backend. */
interface RulesModel {
  setTensors(tensors: ReadonlyMap<string, Float32Array>): void;
  getTensors(): Map<string, Float32Array>;
  /** The data loss of a batch in evaluation mode. */
  loss(input: number[], labels: number[], n: number): Promise<number>;
  /** One optimizer step at rate `lr` from given channels-first gradients. */
  applyGradients(gradients: ReadonlyMap<string, Float32Array>, lr: number): void;
  /** The minimised objective minus the data loss (the L1/L2 penalties) at the current weights. */
  penalty(input: number[], labels: number[], n: number): Promise<number>;
  setTrainingSetSize(count: number): void;
}

interface Backend {
  name: string;
  build(program: ProgramIR): Promise<RulesModel>;
}

let counter = 0;

/** The loops and wasm models' API (arenas, lossInto, step, penalty): the rules' adapter is the same for both. */
interface ArenaRules extends GeneratedLoopsModel {
  lossInto(labels: ArrayLike<number>, n: number): number;
  penalty(): number;
  setTrainingSetSize(count: number): void;
}

/** A model R of the loops or the wasm backend, initialised from seed 0. */
type ArenaLoader = (program: ProgramIR) => Promise<ArenaRules>;

const loadLoopsRules: ArenaLoader = async (program) => {
  const model = (await loadLoopsModel(
    program,
    "R",
    { sourcePath: "rules.net" },
    `rules-${++counter}`,
    4,
  )) as ArenaRules;
  model.initialize(0);
  return model;
};

const loadWasmRules: ArenaLoader = async (program) => {
  const { Model } = await loadWasmClass(
    program,
    "R",
    { sourcePath: "rules.net" },
    `rules-${++counter}`,
  );
  const model: ArenaRules = new Model(4) as GeneratedWasmModel & ArenaRules;
  model.initialize(0);
  return model;
};

function arenaBackend(name: string, load: ArenaLoader): Backend {
  return {
    name,
    async build(program) {
      const model = await load(program);
      return {
        setTensors: (tensors) => model.setTensors(tensors),
        getTensors: () => model.getTensors(),
        async loss(input, labels, n) {
          model.forward(Float32Array.from(input), n, false);
          return model.lossInto(labels, n);
        },
        applyGradients(gradients, lr) {
          let offset = 0;
          for (const tensor of model.info.tensors.filter((t) => t.role === "param")) {
            const size = tensor.shape.reduce((a, b) => a * b, 1);
            model.grads.set(gradients.get(tensor.name) ?? new Float32Array(size), offset);
            offset += size;
          }
          model.step(lr);
        },
        penalty: async () => model.penalty(),
        setTrainingSetSize: (count) => model.setTrainingSetSize(count),
      };
    },
  };
}

const loops = arenaBackend("loops", loadLoopsRules);
const wasm = arenaBackend("wasm", loadWasmRules);

const tfjs: Backend = {
  name: "tfjs",
  async build(program) {
    const { dir } = await emitAndWrite(program, "R", `rules-${++counter}`);
    const model: GeneratedTfjsModel = await loadTfjsModel(dir);
    model.initialize(0);
    return {
      setTensors: (tensors) => model.setTensors(tensors),
      getTensors: () => model.getTensors(),
      loss: async (input, labels, n) =>
        model.lossAndGradients(Float32Array.from(input), labels, n, false).loss,
      applyGradients(gradients, lr) {
        model.setLearningRate(lr);
        model.applyChannelsFirstGradients(gradients);
      },
      async penalty(input, labels, n) {
        const data = model.lossAndGradients(Float32Array.from(input), labels, n).loss;
        return model.step(Float32Array.from(input), labels, n).loss - data;
      },
      setTrainingSetSize: (count) => model.setTrainingSetSize(count),
    };
  },
};

beforeAll(async () => {
  await selectDevice("cpu", { announce: () => {} });
});

/** A model R of `body` trained by the train-section `lines`. */
function program(body: string, lines: string): ProgramIR {
  return withTrain(
    checkOk("rules.net", `model R {\n  ${body}\n}\n`),
    trainSection("R", `data = mnist\n${lines}`),
  );
}

/** An argument list as a train section writes it: `(lr = 0.1, nesterov = true)`. */
function call(name: string, args: Record<string, number | boolean>): string {
  const list = Object.entries(args).map(([k, v]) => `${k} = ${String(v)}`);
  return list.length === 0 ? name : `${name}(${list.join(", ")})`;
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], relative: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = relative * Math.max(1, Math.abs(expected[i]!));
    expect(
      Math.abs(actual[i]! - expected[i]!),
      `index ${i}: ${actual[i]} vs ${expected[i]}`,
    ).toBeLessThanOrEqual(tolerance);
  }
}

const weight = (values: readonly number[]) =>
  new Map([["dense_1.weight", Float32Array.from(values)]]);

/** input [2] → dense(2, bias=false): one tensor of 4 values at θ0, stepped with the fixture's gradients. */
async function optimizerModel(
  backend: Backend,
  optimizer: string,
  settings: string,
  layerOptions = "",
): Promise<RulesModel> {
  const model = await backend.build(
    program(
      `input [2]\n  dense(2, bias=false${layerOptions})`,
      `loss = mse\noptimizer = ${optimizer}\n${settings}`,
    ),
  );
  model.setTensors(weight(theta0));
  return model;
}

function trajectory(model: RulesModel, lr: number): number[][] {
  return gradientSequence.map((g) => {
    model.applyGradients(weight(g), lr);
    return Array.from(model.getTensors().get("dense_1.weight")!);
  });
}

describe.each([loops, wasm, tfjs])("$name: the training rules of the fixture", (backend) => {
  describe("losses (identity model: the output is the input)", () => {
    for (const c of lossCases) {
      it(c.name, async () => {
        const model = await backend.build(
          program("input [3]\n  dense(3)", `loss = ${c.loss}\noptimizer = sgd`),
        );
        model.setTensors(
          new Map([
            ["dense_1.weight", Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1])],
            ["dense_1.bias", new Float32Array(3)],
          ]),
        );
        expect(await model.loss(c.outputs, c.labels, 2)).toBeCloseTo(c.expected, c.digits);
      });
    }
  });

  describe("optimizers: the first steps match the algorithm boxes", () => {
    for (const c of optimizerCases) {
      it(c.name, async () => {
        const settings = Object.entries(c.settings ?? {})
          .map(([k, v]) => `${k} = ${v}`)
          .join("\n");
        const model = await optimizerModel(backend, call(c.optimizer, c.args), settings);
        trajectory(model, c.lr).forEach((step, k) => expectClose(step, c.expected[k]!, 3e-6));
      });
    }
  });

  it("lr_mult scales a tensor's rate; frozen tensors do not move", async () => {
    const halved = await optimizerModel(backend, "sgd(lr = 0.1)", "", ", lr_mult = 0.5");
    trajectory(halved, 0.1).forEach((step, k) => {
      const expected = theta0.map(
        (th, i) => th - 0.05 * gradientSequence.slice(0, k + 1).reduce((s, g) => s + g[i]!, 0),
      );
      expectClose(step, expected, 3e-6);
    });
    const frozen = await optimizerModel(backend, "sgd(lr = 0.1)", "", ", frozen = true");
    frozen.applyGradients(new Map(), 0.1);
    expectClose(frozen.getTensors().get("dense_1.weight")!, theta0, 0);
  });

  it("layer l1/l2 and global λ/n penalties: l1·Σ|w| + l2·Σw²/2 + λ₁/n·Σ|w| + λ₂/(2n)·Σw² in the minimised objective", async () => {
    const model = await optimizerModel(
      backend,
      "sgd(lr = 0.1)",
      "l1 = 0.3\nl2 = 0.2",
      ", l1 = 0.01, l2 = 0.04",
    );
    model.setTrainingSetSize(4);
    const abs = theta0.reduce((s, w) => s + Math.abs(w), 0);
    const squares = theta0.reduce((s, w) => s + w * w, 0);
    expect(await model.penalty([1, 2], [0, 1], 1)).toBeCloseTo(
      0.01 * abs + 0.02 * squares + (0.3 / 4) * abs + (0.2 / 8) * squares,
      5,
    );
  });
});

describe("schedules, per epoch from ε_0 (the formula both backends' generated code holds)", () => {
  for (const c of scheduleCases) {
    it(c.name, async () => {
      const lines = `loss = mse\noptimizer = sgd(lr = 0.1)${c.name === "constant" ? "" : `\nschedule = ${call(c.name, c.args)}`}`;
      const rules = program("input [2]\n  dense(2)", lines);
      const train = rules.trains[0]!;
      const { code } = scheduleFormula(train.schedule);
      const rate = new Function("epoch", "base", code) as (epoch: number, base: number) => number;
      for (const [epoch, expected] of c.expected)
        expect(rate(epoch, 0.1)).toBeCloseTo(expected, 12);
      // the formula is what each backend writes into its package (tfjs: model.ts, loops: train.ts)
      const flat = (text: string) => text.replace(/\s+/g, " ");
      const firstLine = flat(code.split("\n").at(-1)!);
      expect(flat((await emitTfjs(rules, "R")).get("model.ts")!)).toContain(firstLine);
      expect(
        flat((await emitLoops(rules, "R", { sourcePath: "rules.net" })).get("train.ts")!),
      ).toContain(firstLine);
    });
  }
});

describe.each([
  { name: "loops", load: loadLoopsRules },
  { name: "wasm", load: loadWasmRules },
])("$name's own API", ({ load }) => {
  it("step() descends the penalties' gradient, written out by hand (tfjs takes it from autodiff)", async () => {
    const model = await load(
      program(
        "input [2]\n  dense(2, bias=false, l1 = 0.01, l2 = 0.04)",
        "loss = mse\noptimizer = sgd(lr = 0.1)\nl1 = 0.3\nl2 = 0.2",
      ),
    );
    model.setTensors(weight(theta0));
    model.setTrainingSetSize(4);
    model.grads.fill(0);
    model.step(0.1);
    const expected = theta0.map(
      (w) => w - 0.1 * ((0.01 + 0.3 / 4) * Math.sign(w) + (0.04 + 0.2 / 4) * w),
    );
    expectClose(model.getTensors().get("dense_1.weight")!, expected, 3e-6);
  });

  it("optimizerState and stepCount carry a run on exactly", async () => {
    const lines = "loss = mse\noptimizer = adam(lr = 0.01)";
    const build = async () => {
      const model = await load(program("input [2]\n  dense(2, bias=false)", lines));
      model.setTensors(weight(theta0));
      return model;
    };
    const first = await build();
    first.grads.set(gradientSequence[0]!);
    first.step(0.01);
    const second = await build();
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

describe("tfjs's own API", () => {
  it("getOptimizerState/setOptimizerState and the counters", async () => {
    const build = async () => {
      const { dir } = await emitAndWrite(
        program("input [2]\n  dense(2, bias=false)", "loss = mse\noptimizer = adam(lr = 0.01)"),
        "R",
        `rules-${++counter}`,
      );
      const model = await loadTfjsModel(dir);
      model.initialize(0);
      model.setTensors(weight(theta0));
      model.setLearningRate(0.01);
      return model;
    };
    const first = await build();
    first.applyChannelsFirstGradients(weight(gradientSequence[0]!));
    const state = await first.getOptimizerState();
    expect(state.map((s) => s.name)).toEqual([
      "dense_1.weight/first_moment",
      "dense_1.weight/second_moment",
    ]);
    const second = await build();
    second.setTensors(first.getTensors());
    await second.setOptimizerState(state);
    second.setCounters(first.getCounters());
    for (const model of [first, second])
      model.applyChannelsFirstGradients(weight(gradientSequence[1]!));
    expect(Array.from(second.getTensors().get("dense_1.weight")!)).toEqual(
      Array.from(first.getTensors().get("dense_1.weight")!),
    );
  });
});
