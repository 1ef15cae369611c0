import { readFileSync } from "node:fs";
import { join } from "node:path";
import { trainSection, withTrain } from "../helpers/programs.js";
import { describe, expect, it } from "vitest";
import type { ProgramIR } from "../../src/ir/ir.js";
import {
  checkOk,
  loadModel,
  pseudoRandom,
  repoRoot,
  type GeneratedLoopsModel,
} from "../loops/compile-helper.js";
import { loadWasmClass, relativeDifference } from "./compile-helper.js";

/**
 * The compiled backend against the loops reference on the models of models/ (and the
 * bench's ResNet block), from the same weights and inputs, for each of its two builds
 * (./models.test.ts: the plain SIMD build in vitest's "plain" project, the relaxed-SIMD
 * build that `netc train` loads in the "relaxed" project): the logits (evaluation and
 * training mode), the loss, every gradient, the running statistics, and the parameters
 * after one SGD-with-momentum step (the file's own optimizer may be Adam, whose first
 * step turns gradients near zero into full-size steps; the optimizers are compared in
 * ./training-rules.test.ts).
 *
 * Each tensor agrees with the loops reference within 1e-4 relative (max |a − b| / max |b|).
 * Where the float32 reference itself is further than that from the exact (float64)
 * values — sums that nearly cancel, such as batch norm's dγ behind 2×2 feature maps in
 * MobileNet — the compiled value must be as close to the float64 value as 4 × the float32
 * reference is: the compiled kernels compute in float32 where the loops code computes in
 * float64 and rounds what it stores.
 *
 * AlexNet, VGG-16 (CIFAR-sized) and the YOLO head need 1–3 GB and many minutes of the
 * loops reference: they run apart, one at a time, with
 * `NETC_TEST_LARGE_MODELS=1 npx vitest run test/wasm/models.test.ts -t AlexNet` (VGG16, YoloHead).
 */

interface ModelCase {
  file: string;
  model: string;
  batch: number;
  large?: boolean;
  /**
   * The relaxed build's input, where the usual one puts a ReLU's input within rounding of
   * zero: the fused multiply-add rounds it to the other side of the kink, and batch norm
   * over two samples carries that one unit's changed gradient into every earlier tensor.
   */
  relaxedInputSeed?: number;
}

const cases: ModelCase[] = [
  { file: "models/lenet5.net", model: "LeNet5", batch: 4 },
  { file: "models/lenet5-classic.net", model: "LeNet5Classic", batch: 4 },
  { file: "models/mlp.net", model: "MLP", batch: 4 },
  { file: "models/cnn-small.net", model: "CNN", batch: 4 },
  { file: "models/cnn-small.net", model: "MNISTConvNet", batch: 4 },
  { file: "bench/models/resnet-block.net", model: "ResNetBlock", batch: 2 },
  // inputs 3 and 5 fail so: with input 3, the stem and first two blocks alone (same weights)
  // put one ReLU input of sample 0 at −1.4e-6 in the plain build and +6e-8 in the relaxed one
  { file: "models/resnet18.net", model: "ResNet18", batch: 2, relaxedInputSeed: 4 },
  // batch 16: its last batch norms see 1×1 maps, so a smaller batch normalises over a handful of values
  { file: "models/mobilenet.net", model: "MobileNet", batch: 16 },
  { file: "models/vgg16.net", model: "VGG16", batch: 2, large: true },
  { file: "models/alexnet.net", model: "AlexNet", batch: 2, large: true },
  { file: "models/yolo.net", model: "YoloHead", batch: 2, large: true },
];

/** The file's program with its train section's optimizer replaced by SGD with momentum (or one added). */
function withSgd(program: ProgramIR, model: string): ProgramIR {
  const sgd = trainSection(
    model,
    "data = mnist\nloss = cross_entropy\noptimizer = sgd(lr = 0.01, momentum = 0.9)\nbatch = 2\nepochs = 1\nseed = 1",
  );
  const existing = program.trains.find((t) => t.model === model && t.declared);
  return withTrain(
    program,
    existing === undefined
      ? sgd
      : { ...existing, optimizer: sgd.optimizer, usualLearningRate: sgd.usualLearningRate },
  );
}

/** The values one run of a model produces, by name (logits, loss, gradients, statistics, update). */
type Run = Map<string, ArrayLike<number>>;

type Reference = GeneratedLoopsModel & { forwardOutput(n: number): Float32Array | Float64Array };

interface Runnable {
  readonly params: ArrayLike<number> & { set(values: ArrayLike<number>): void };
  readonly grads: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> };
  readonly state: ArrayLike<number>;
  readonly info: Reference["info"];
  randomState: number;
  initialize(seed: number): void;
  forward(input: ArrayLike<number>, n: number, training?: boolean): ArrayLike<number>;
  forwardOutput(n: number): ArrayLike<number>;
  computeGradients(input: ArrayLike<number>, labels: ArrayLike<number>, n: number): number;
  step(lr?: number): void;
}

/** Forward (evaluation), forward/loss/backward (training), one step: every value the test compares. */
function run(
  model: Runnable,
  params: ArrayLike<number>,
  input: ArrayLike<number>,
  labels: ArrayLike<number>,
  n: number,
  dropout: number,
): Run {
  const values: Run = new Map();
  model.params.set(params);
  values.set("evaluation logits", Float64Array.from(model.forward(input, n, false)));
  model.randomState = dropout;
  values.set("loss", [model.computeGradients(input, labels, n)]);
  values.set("training logits", Float64Array.from(model.forwardOutput(n)));
  let offset = 0;
  for (const tensor of model.info.tensors.filter((t) => t.role === "param")) {
    const size = tensor.shape.reduce((a, b) => a * b, 1);
    values.set(
      `gradient of ${tensor.name}`,
      Float64Array.from(model.grads.subarray(offset, offset + size)),
    );
    offset += size;
  }
  values.set("running statistics", Float64Array.from(model.state));
  model.step();
  // a loop, not Float64Array.from(params, mapFn): that builds a JavaScript array on the way,
  // too large for the heap with the YOLO head's 249 million parameters
  const update = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) update[i] = model.params[i]! - params[i]!;
  values.set("SGD update", update);
  return values;
}

const large = process.env.NETC_TEST_LARGE_MODELS === "1";

/** The agreement suite for one build: the process must have relaxed SIMD on for the relaxed one. */
export function describeZooAgreement(build: "plain" | "relaxed", only?: readonly string[]): void {
  describe(`compiled backend (${build} build) agrees with the loops reference on the model zoo`, () => {
    for (const c of cases.filter((c) => only === undefined || only.includes(c.model))) {
      it.runIf(large || c.large !== true)(
        `${c.model} (${c.file}, batch ${c.batch})`,
        { timeout: c.large ? 3_600_000 : 600_000 },
        async () => {
          const text = readFileSync(join(repoRoot, c.file), "utf8");
          const program = withSgd(checkOk(c.file, text), c.model);
          const options = { sourcePath: c.file, sourceText: text, maxBatch: c.batch };
          const { Model } = await loadWasmClass(program, c.model, options, `zoo-${c.model}`);
          const compiled = new Model(c.batch);
          expect(compiled.relaxed).toBe(build === "relaxed");
          const reference = (await loadModel(
            program,
            c.model,
            options,
            `wasm-zoo-${c.model}`,
            c.batch,
          )) as Reference;
          compiled.initialize(5);
          reference.initialize(5);
          expect(relativeDifference(compiled.params, reference.params)).toBe(0);
          const params = Float64Array.from(compiled.params);
          const inputSize = compiled.info.inputShape.reduce((a, b) => a * b, 1);
          const classes = compiled.info.outputShape.reduce((a, b) => a * b, 1);
          const input = Float32Array.from(
            pseudoRandom(c.batch * inputSize, build === "relaxed" ? (c.relaxedInputSeed ?? 3) : 3),
          );
          const labels = Int32Array.from({ length: c.batch }, (_, b) => (b * 7 + 3) % classes);
          const dropout = reference.randomState;
          const mine = run(compiled, params, input, labels, c.batch, dropout);
          const theirs = run(reference, params, input, labels, c.batch, dropout);
          const apart = [...mine].filter(
            ([what, values]) => relativeDifference(values, theirs.get(what)!) >= 1e-4,
          );
          if (apart.length === 0) return;
          // measure both against the float64 build where they are more than 1e-4 apart
          const exactModel = (await loadModel(
            program,
            c.model,
            { ...options, precision: "float64" },
            `wasm-zoo64-${c.model}`,
            c.batch,
          )) as Reference;
          exactModel.initialize(5);
          const exact = run(exactModel, params, Float64Array.from(input), labels, c.batch, dropout);
          for (const [what, values] of apart) {
            const ownError = relativeDifference(values, exact.get(what)!);
            const referenceError = relativeDifference(theirs.get(what)!, exact.get(what)!);
            expect(
              ownError,
              `${what}: ${relativeDifference(values, theirs.get(what)!)} from the float32 reference, ${ownError} from float64 (the reference: ${referenceError})`,
            ).toBeLessThanOrEqual(Math.max(1e-4, 4 * referenceError));
          }
        },
      );
    }
  });
}
