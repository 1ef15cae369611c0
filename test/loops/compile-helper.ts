import { join } from "node:path";
import type { ProgramIR } from "../../src/ir/ir.js";
import { trainSection, withTrain } from "../helpers/programs.js";
import { importModelClass, repoRoot, writePackage } from "../helpers/generated-package.js";
import { emitLoops, type LoopsEmitOptions } from "../../src/codegen/loops/index.js";

/** Compiles .net text through the real pipeline and loads the generated loops model. */

export { repoRoot };
export const buildRoot = join(repoRoot, "build", "test-loops");

/** The generated class, as the tests use it (the generated file has no imports, so its types are structural). */
export interface GeneratedLoopsModel {
  readonly info: {
    name: string;
    inputShape: readonly number[];
    outputShape: readonly number[];
    tensors: readonly {
      name: string;
      shape: readonly number[];
      role: string;
      trainable: boolean;
    }[];
  };
  readonly params: Float32Array | Float64Array;
  readonly grads: Float32Array | Float64Array;
  readonly state: Float32Array | Float64Array;
  readonly optimizerState: Float32Array | Float64Array;
  readonly maxBatch: number;
  randomState: number;
  stepCount: number;
  initialize(seed: number): void;
  forward(input: ArrayLike<number>, n: number, training?: boolean): Float32Array;
  predict(input: ArrayLike<number>, n: number): Float32Array;
  computeGradients(input: ArrayLike<number>, labels: ArrayLike<number>, n: number): number;
  lossAndGradients(
    input: ArrayLike<number>,
    labels: ArrayLike<number>,
    n: number,
  ): { loss: number; gradients: Map<string, Float32Array> };
  inputGradient?(n: number): Float32Array;
  step(lr?: number): void;
  getTensors(): Map<string, Float32Array>;
  setTensors(tensors: ReadonlyMap<string, ArrayLike<number>>): void;
}

export { checkOk } from "../helpers/programs.js";

/** The program with a train section for `model`: the given loss and optimizer (sgd, lr 0.1), batch 4. */
export function withLoss(
  program: ProgramIR,
  model: string,
  loss: string,
  lossArgs: Record<string, number> = {},
): ProgramIR {
  const args = Object.entries(lossArgs).map(([k, v]) => `${k} = ${v}`);
  return withTrain(
    program,
    trainSection(
      model,
      `data = mnist\nloss = ${args.length > 0 ? `${loss}(${args.join(", ")})` : loss}\noptimizer = sgd(lr = 0.1)\nbatch = 4\nepochs = 1\nseed = 1`,
    ),
  );
}

export async function emitToDirectory(
  program: ProgramIR,
  modelName: string,
  options: LoopsEmitOptions,
  label: string,
): Promise<{ directory: string; files: Map<string, string> }> {
  const files = await emitLoops(program, modelName, options);
  return { directory: writePackage(buildRoot, label, files), files };
}

export async function loadModel(
  program: ProgramIR,
  modelName: string,
  options: LoopsEmitOptions,
  label: string,
  maxBatch = 8,
): Promise<GeneratedLoopsModel> {
  const { directory } = await emitToDirectory(program, modelName, options, label);
  const Class = await importModelClass<new (maxBatch: number) => GeneratedLoopsModel>(
    directory,
    modelName,
  );
  return new Class(maxBatch);
}

/** Deterministic pseudo-random numbers in [-1, 1) for inputs and targets. */
export function pseudoRandom(count: number, seed: number): Float64Array {
  const values = new Float64Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2147483648 - 1;
  }
  return values;
}
