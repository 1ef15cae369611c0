import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { LayerNode, ModelIR, ProgramIR } from "../../src/ir/ir.js";
import { trainSection, withTrain } from "../helpers/programs.js";
import { layerCases } from "../../src/layers/cases.js";
import { checkProgram, checkText } from "../../src/semantics/index.js";

/**
 * The models the PyTorch and ONNX tests run through both the loops reference and the
 * backend under test: every model of models/ whose loops pass takes seconds here (AlexNet,
 * VGG-16 and the YOLO head — over 20 M parameters or 1 GMAC per sample — take one to twenty
 * minutes in the loops backend, so they run only with NETC_TEST_LARGE_MODELS=1), and one
 * small model per layer kind, window geometry and loss (their layer kinds cover the large
 * models'). Dropout and noise are set to 0: each backend draws them from its own generator.
 */

export const repoRoot = join(import.meta.dirname, "..", "..");
export const buildRoot = join(repoRoot, "build", "test-pytorch", "agreement");
const host = { readFile: (path: string) => readFileSync(path, "utf8") };
export const BATCH = 4;
export const LARGE = process.env.NETC_TEST_LARGE_MODELS === "1";

export interface Case {
  label: string;
  /**
   * float64 on both sides for models with batch norm: in training mode it amplifies float32
   * rounding (PyTorch's own float32 gradients of ResNet-18's first convolution are 1.2%
   * from its float64 ones on this batch, MobileNet's 0.08%), so float32 agreement there
   * would measure rounding, not semantics. Every other model compares in float32.
   */
  precision: "float32" | "float64";
  program: ProgramIR;
  model: string;
  sourcePath: string;
  sourceText: string;
}

/** Every layer kind, window geometry and loss, in small models (the loops gradient checks' cases). */
const kindCases: [string, string, string?, Record<string, number>?][] = [
  ["dense", "input [5]\n  dense(3) -> dense(4, bias=false)"],
  [
    "conv1d",
    "input [2, 9]\n  conv1d(4, 3, stride=2, pad=1) -> conv1d(4, 2, dilation=2, groups=2, bias=false)",
  ],
  [
    "conv2d",
    "input [2, 7, 7]\n  conv2d(4, 3, stride=2, pad=1) -> conv2d(4, 3, dilation=2, groups=2, pad=2)",
  ],
  [
    "conv2d pad same, depthwise",
    "input [3, 5, 5]\n  conv2d(3, 3, stride=2, pad=same, groups=3) -> conv2d(2, [3, 2], pad=1)",
  ],
  [
    "conv2d pad same, asymmetric",
    "input [2, 6, 6]\n  conv2d(3, 2, pad=same) -> conv2d(2, 3, stride=2, pad=same)",
  ],
  ["pooling 1-D", "input [2, 10]\n  conv1d(2, 1) -> maxpool(2) -> avgpool(2, stride=1)"],
  [
    "rounding = floor",
    "option rounding = floor\n  input [2, 10, 10]\n  conv2d(3, 3, stride=2) -> maxpool(2, stride=2) -> avgpool(2, stride=1)",
  ],
  [
    "pooling 2-D padded",
    "input [2, 7, 7]\n  conv2d(2, 1) -> maxpool(3, stride=2, pad=1) -> avgpool(3, stride=1, pad=1)",
  ],
  [
    "pooling pad same",
    "input [2, 7, 7]\n  conv2d(2, 1) -> maxpool(2, pad=same) -> avgpool(2, pad=same)",
  ],
  ["global_avgpool 2-D", "input [3, 4, 5]\n  conv2d(3, 1) -> global_avgpool -> dense(4)"],
  ["global_avgpool 1-D", "input [3, 6]\n  conv1d(3, 1) -> global_avgpool -> dense(4)"],
  [
    "zeropad2d, flatten, reshape",
    "input [2, 3, 4]\n  conv2d(2, 1) -> zeropad2d([1, 2, 0, 1]) -> flatten -> reshape([6, 10]) -> conv1d(2, 3)",
  ],
  ["dropout and noise (set to 0)", "input [10]\n  noise(std = 0.5) -> dropout(0.3) -> dense(3)"],
  ["batchnorm 2-D", "input [3, 4, 4]\n  conv2d(3, 1) -> batchnorm(eps = 0.001, momentum = 0.2)"],
  ["batchnorm 1-D", "input [5]\n  dense(4) -> batchnorm"],
  [
    "activations",
    "input [7]\n  dense(8) -> relu -> dense(8) -> sigmoid -> dense(8) -> tanh -> dense(8) -> leaky_relu(a = 0.2) -> dense(8) -> elu(alpha = 0.7)",
  ],
  ["softmax over channels", "input [3, 2, 2]\n  conv2d(4, 1) -> softmax(axis = 0)"],
  ["log_softmax", "input [6]\n  dense(5) -> log_softmax", "nll"],
  [
    "residual, identity shortcut",
    "input [2, 4, 4]\n  residual {\n    conv2d(2, 3, pad=1) -> relu\n  }",
  ],
  [
    "residual, projection shortcut",
    "input [2, 4, 4]\n  residual {\n    conv2d(3, 3, pad=1)\n  } shortcut {\n    conv2d(3, 1)\n  }\n  relu",
  ],
  ["subsample", "input [2, 6, 6]\n  subsample(2) -> sigmoid -> subsample(3, stride=2, pad=1)"],
  [
    "conv2d_table",
    "input [3, 6, 6]\n  conv2d_table(4, 3, table = [[0, 1], [1, 2], [2], [0, 1, 2]])",
  ],
  [
    "conv2d_table padded",
    "input [3, 7, 7]\n  conv2d_table(2, 3, table = [[2, 0], [1]], stride=2, pad=1, bias=false)",
  ],
  ["rbf", "input [6]\n  rbf(4) -> rbf(5, negate = true)"],
  ["lrn size 2 (AlexNet's)", "input [5, 2, 3]\n  conv2d(5, 1) -> lrn(2, alpha = 0.5, k = 2)"],
  ["lrn size 3 on [C, L]", "input [4, 3]\n  conv1d(4, 1) -> lrn(3, alpha = 0.8, beta = 1.5)"],
  [
    "adaptive_avgpool",
    "input [2, 5, 7]\n  conv2d(2, 1) -> adaptive_avgpool([3, 4]) -> flatten -> reshape([2, 12]) -> adaptive_avgpool(5)",
  ],
  ["maxout", "input [5]\n  maxout(3, 4) -> maxout(2, 3, bias = false)"],
  ["prelu", "input [3, 2, 2]\n  prelu -> flatten -> prelu(per_channel = false)"],
  [
    "loss cross_entropy, label smoothing",
    "input [5]\n  dense(10)",
    "cross_entropy",
    { label_smoothing: 0.1 },
  ],
  ["loss hinge", "input [5]\n  dense(10)", "hinge", { margin: 2 }],
  ["loss mse", "input [5]\n  dense(10)", "mse"],
  ["loss rmse", "input [5]\n  dense(10)", "rmse"],
  ["loss mae", "input [5]\n  dense(10)", "mae"],
  ["loss msle", "input [5]\n  dense(10) -> sigmoid", "msle"],
  ["loss huber", "input [5]\n  dense(10)", "huber", { delta: 0.3 }],
  ["loss log_cosh", "input [5]\n  dense(10)", "log_cosh"],
  ["loss binary_cross_entropy", "input [5]\n  dense(10) -> sigmoid", "binary_cross_entropy"],
  ["loss kl_div", "input [5]\n  dense(10) -> softmax", "kl_div"],
];

/** Dropout and noise off (rate 0, std 0): their masks come from each backend's own generator. */
function withoutRandomness(program: ProgramIR): ProgramIR {
  const quiet = (node: LayerNode): LayerNode =>
    node.kind === "dropout"
      ? { ...node, attrs: { ...node.attrs, rate: 0 } }
      : node.kind === "noise"
        ? { ...node, attrs: { ...node.attrs, std: 0 } }
        : node;
  return {
    ...program,
    models: program.models.map((m): ModelIR => ({ ...m, nodes: m.nodes.map(quiet) })),
  };
}

/** A train section for `model` (the file's own when it has one; the loss given otherwise). */
function trained(
  program: ProgramIR,
  model: string,
  loss = "cross_entropy",
  lossArgs: Record<string, number> = {},
): ProgramIR {
  if (program.trains.some((t) => t.model === model && t.declared)) return program;
  const args = Object.entries(lossArgs).map(([k, v]) => `${k} = ${v}`);
  const section = trainSection(
    model,
    [
      "data = mnist",
      `loss = ${args.length > 0 ? `${loss}(${args.join(", ")})` : loss}`,
      "optimizer = sgd(lr = 0.1)",
      `batch = ${BATCH}`,
      "epochs = 1",
      "seed = 1",
    ].join("\n"),
  );
  return withTrain(program, section);
}

export function hasBatchNorm(model: ModelIR): boolean {
  return model.nodes.some((node) => node.kind === "batchnorm");
}

export function isLarge(model: ModelIR): boolean {
  return model.totals.params > 20_000_000 || model.totals.macs > 1_000_000_000;
}

export function modelCases(): { cases: Case[]; skipped: string[] } {
  const cases: Case[] = [];
  const skipped: string[] = [];
  const files = readdirSync(join(repoRoot, "models"))
    .filter((f) => f.endsWith(".net"))
    .sort();
  for (const file of files) {
    const sourcePath = join(repoRoot, "models", file);
    const { program } = checkProgram(sourcePath, host);
    for (const name of new Set(program.models.map((m) => m.name))) {
      const model = program.models.find((m) => m.name === name)!;
      if (isLarge(model) && !LARGE) {
        skipped.push(`${file}: ${name}`);
        continue;
      }
      cases.push({
        label: `${file}: ${name}`,
        precision: hasBatchNorm(model) ? "float64" : "float32",
        program: withoutRandomness(trained(program, name)),
        model: name,
        sourcePath,
        sourceText: readFileSync(sourcePath, "utf8"),
      });
    }
  }
  kindCases.forEach(([label, body, loss, lossArgs], index) => {
    const sourcePath = join(buildRoot, `kind-${index}.net`);
    const sourceText = `model K {\n  ${body}\n}\n`;
    const result = checkText(sourcePath, sourceText);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new Error(`${label}: ${errors.map((d) => d.message).join("; ")}`);
    cases.push({
      label: `kinds: ${label}`,
      precision: hasBatchNorm(result.program.models[0]!) ? "float64" : "float32",
      program: withoutRandomness(trained(result.program, "K", loss, lossArgs)),
      model: "K",
      sourcePath,
      sourceText,
    });
  });
  // every kind's own cases (src/layers/<kind>/cases.ts), so a new kind is covered here too
  for (const [kind, kindCaseList] of Object.entries(layerCases))
    kindCaseList.forEach((layerCase, index) => {
      const sourcePath = join(buildRoot, `layer-${kind}-${index}.net`);
      const sourceText = `model K {\n${layerCase.model}\n}\n`;
      const result = checkText(sourcePath, sourceText);
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) throw new Error(`${kind}: ${errors.map((d) => d.message).join("; ")}`);
      cases.push({
        label: `${kind}: ${layerCase.name}`,
        precision: hasBatchNorm(result.program.models[0]!) ? "float64" : "float32",
        program: withoutRandomness(trained(result.program, "K")),
        model: "K",
        sourcePath,
        sourceText,
      });
    });
  return { cases, skipped };
}

/** The loops model of a case, as the tests drive it. */
export interface LoopsModel {
  readonly info: {
    inputShape: readonly number[];
    outputShape: readonly number[];
    tensors: readonly { name: string; shape: readonly number[] }[];
  };
  initialize(seed: number): void;
  getTensors(): Map<string, Float32Array>;
  setTensors(tensors: ReadonlyMap<string, Float32Array>): void;
  predict(input: Float32Array, n: number): Float32Array;
  lossAndGradients(
    input: Float32Array,
    labels: ArrayLike<number>,
    n: number,
  ): { loss: number; gradients: Map<string, Float32Array> };
}

/** A case's loops reference: the model, its weights (float32 values), a batch and labels. */
export interface Reference {
  loops: LoopsModel;
  weights: Map<string, { shape: readonly number[]; data: Float32Array }>;
  input: Float32Array;
  inputShape: readonly number[];
  labels: number[];
}

/**
 * Compiles the case's loops model into `directory`, initialises it from seed 7 (values
 * rounded to float32, so a float64 build holds exactly what a float32 backend loads) and
 * draws a batch of BATCH normal inputs from seed `seed`.
 */
export async function loopsReference(
  c: Case,
  directory: string,
  seed: number,
  precision: "float32" | "float64" = c.precision,
): Promise<Reference> {
  const { emitLoops } = await import("../../src/codegen/loops/index.js");
  const { Rng } = await import("../../src/runtime/rng.js");
  const { mkdirSync, writeFileSync } = await import("node:fs");
  mkdirSync(directory, { recursive: true });
  const files = await emitLoops(c.program, c.model, {
    sourcePath: c.sourcePath,
    maxBatch: BATCH,
    precision,
  });
  const file = join(directory, `loops-model-${precision}.ts`);
  writeFileSync(file, files.get("model.ts")!);
  const module = (await import(file)) as Record<string, unknown>;
  const Class = Object.values(module).find(
    (v) => typeof v === "function" && "lossAndGradients" in (v as { prototype: object }).prototype,
  ) as new (maxBatch: number) => LoopsModel;
  const loops = new Class(BATCH);
  loops.initialize(7);
  const values = new Map(
    [...loops.getTensors()].map(([name, data]) => [name, Float32Array.from(data)]),
  );
  loops.setTensors(values);
  const shapes = new Map(loops.info.tensors.map((t) => [t.name, t.shape]));
  const weights = new Map(
    [...values].map(([name, data]) => [name, { shape: shapes.get(name)!, data }]),
  );
  const inputSize = loops.info.inputShape.reduce((a, b) => a * b, 1);
  const classes = loops.info.outputShape.reduce((a, b) => a * b, 1);
  const rng = Rng.fromSeed(seed);
  const input = Float32Array.from({ length: BATCH * inputSize }, () => rng.normal());
  const labels = [3, 0, 9, 5].map((l) => l % classes);
  return { loops, weights, input, inputShape: loops.info.inputShape, labels };
}

/**
 * max |a − b| / max(max |b|, floor): the error relative to the tensor's scale. `floor`
 * covers tensors whose value is 0 in exact arithmetic — the gradient of a bias right
 * before batch norm — which rounding makes 1e-17 in one backend and 1e-16 in the other.
 */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

/** The model instance a case compiles (its train section's own instance, if it has one). */
export function caseModel(c: Case): ModelIR {
  const train = c.program.trains.find((t) => t.model === c.model);
  return (
    (train?.modelIndex !== undefined ? c.program.models[train.modelIndex] : undefined) ??
    c.program.models.find((m) => m.name === c.model)!
  );
}
