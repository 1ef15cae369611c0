import { join } from "node:path";
import type { ProgramIR } from "../../src/ir/ir.js";
import { emitWasm, type WasmEmitOptions } from "../../src/codegen/wasm/index.js";
import { importModelClass, writePackage } from "../helpers/generated-package.js";
import { buildRoot as loopsBuildRoot, type GeneratedLoopsModel } from "../loops/compile-helper.js";

/** Compiles a program with the compiled CPU (wasm) backend and loads its model class. */

export const buildRoot = join(loopsBuildRoot, "..", "test-wasm");

/** The generated class as the tests use it: the loops API plus the compiled backend's threading hooks. */
export interface GeneratedWasmModel extends GeneratedLoopsModel {
  readonly relaxed: boolean;
  readonly threads: number;
  readonly memory: { readonly buffer: ArrayBuffer | SharedArrayBuffer };
  forwardOutput(n: number): Float32Array;
  lossInto(labels: ArrayLike<number>, n: number): number;
  backward(n: number): void;
}

export type WasmModelClass = new (maxBatch: number, threads?: number) => GeneratedWasmModel;

export async function emitWasmToDirectory(
  program: ProgramIR,
  modelName: string,
  options: WasmEmitOptions,
  label: string,
): Promise<{ directory: string; files: Map<string, string> }> {
  const files = await emitWasm(program, modelName, options);
  return { directory: writePackage(buildRoot, label, files), files };
}

export async function loadWasmClass(
  program: ProgramIR,
  modelName: string,
  options: WasmEmitOptions,
  label: string,
): Promise<{ Model: WasmModelClass; directory: string }> {
  const { directory } = await emitWasmToDirectory(program, modelName, options, label);
  return { Model: await importModelClass<WasmModelClass>(directory, modelName), directory };
}

/** max |a − b| / max |b| over a tensor (0 when both are 0): the agreement measure of the tests. */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    difference = Math.max(difference, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? difference : difference / scale;
}
