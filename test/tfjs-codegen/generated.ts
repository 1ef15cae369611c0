import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProgramIR } from "../../src/ir/ir.js";
import type { tf } from "../../src/runtime/tfjs/index.js";
import { emitTfjs } from "../../src/codegen/tfjs/index.js";

/** Writing generated packages under build/ (gitignored), type-checking and loading them. */

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const runtimeEntry = join(repoRoot, "src/runtime/index.ts");
const tfjsRuntimeEntry = join(repoRoot, "src/runtime/tfjs/index.ts");

export function buildDir(name: string): string {
  const dir = join(repoRoot, "build", "tfjs-codegen-test", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A strict tsconfig whose paths map netc/runtime(/tfjs) to the runtime sources. */
export function writeStrictTsconfig(dir: string, files: readonly string[]): void {
  const rel = (p: string) => relative(dir, p).split("\\").join("/");
  const config = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2022", "DOM"],
      types: ["node"],
      typeRoots: [rel(join(repoRoot, "node_modules/@types"))],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      baseUrl: ".",
      paths: { "netc/runtime": [rel(runtimeEntry)], "netc/runtime/tfjs": [rel(tfjsRuntimeEntry)] },
    },
    files,
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
}

/** Runs tsc --strict --noEmit on the directory; returns its output lines about the generated files only. */
export function typeCheck(dir: string): string[] {
  const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], {
      encoding: "utf8",
      cwd: dir,
    });
    return [];
  } catch (error) {
    const output = String((error as { stdout?: string }).stdout ?? error);
    // Errors inside netc's own runtime sources belong to its tests, not to the generated code.
    return output.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("../"));
  }
}

/**
 * Emits the tfjs files, writes them, and writes a runnable copy of model.ts whose
 * netc/runtime imports point at the sources (vitest resolves no package self-reference).
 */
export async function emitAndWrite(
  program: ProgramIR,
  modelName: string,
  dirName: string,
): Promise<{ dir: string; files: Map<string, string> }> {
  const files = await emitTfjs(program, modelName);
  const dir = buildDir(dirName);
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  const runnable = files
    .get("model.ts")!
    .replace(`from "netc/runtime/tfjs"`, `from ${JSON.stringify(tfjsRuntimeEntry)}`);
  writeFileSync(join(dir, "model.run.ts"), runnable);
  return { dir, files };
}

/** The generated module's exports, as the tests use them. */
export interface GeneratedTfjsModel {
  info: { tensors: readonly { name: string; shape: readonly number[]; role: string }[] };
  initialize(seed: number): void;
  /** The forward pass on a channels-first batch tensor (call inside tf.tidy). */
  forward(x: tf.Tensor, training: boolean): tf.Tensor;
  getTensors(): Map<string, Float32Array>;
  setTensors(tensors: ReadonlyMap<string, Float32Array>): void;
  predict(input: Float32Array, n: number): Promise<Float32Array>;
  lossAndGradients(
    input: Float32Array,
    labels: ArrayLike<number>,
    n: number,
    training?: boolean,
  ): { loss: number; gradients: Map<string, Float32Array> };
  step(
    input: Float32Array,
    labels: ArrayLike<number>,
    n: number,
  ): { loss: number; correct: number };
  setLearningRate(lr: number): void;
  setTrainingSetSize(count: number): void;
  applyChannelsFirstGradients(gradients: ReadonlyMap<string, Float32Array>): void;
  getCounters(): { steps: number; calls: number };
  setCounters(counters: { steps: number; calls: number }): void;
  getOptimizerState(): Promise<{ name: string; shape: number[]; data: Float32Array }[]>;
  setOptimizerState(
    state: readonly { name: string; shape: readonly number[]; data: Float32Array }[],
  ): Promise<void>;
  dispose(): void;
}

/** The generated module itself (the model factory and the schedule). */
export interface GeneratedTfjsModule {
  createModel(): GeneratedTfjsModel;
  learningRateAt(epoch: number, base: number): number;
}

export async function loadModule(dir: string): Promise<GeneratedTfjsModule> {
  return (await import(join(dir, "model.run.ts"))) as GeneratedTfjsModule;
}

export async function loadModel(dir: string): Promise<GeneratedTfjsModel> {
  const module = (await import(join(dir, "model.run.ts"))) as { createModel(): GeneratedTfjsModel };
  return module.createModel();
}
