import { readFileSync } from "node:fs";
import type { ProgramIR } from "../../ir/ir.js";
import { modelAndTrain } from "../../ir/select.js";
import { EmitError } from "../registry.js";
import type { SourceLookup } from "../loops/emit-model.js";
import { emitPytorchModel } from "./emit-model.js";
import { emitPytorchTrain } from "./emit-train.js";

/**
 * The PyTorch backend: the package of one model as file name → contents: model.py (an
 * nn.Module), train.py (its training script, when the program has a train section for
 * it) and netc_runtime.py (the shape-independent part of training, the same file for
 * every model). Deterministic: the same program gives byte-identical files, laid out
 * as black lays them out.
 */

export interface PytorchEmitOptions {
  /** The entry .net file (comments print its base name only). */
  sourcePath: string;
  /** The source text (entry file's, or every file's by path), to quote .net lines. */
  sourceText?: string | ReadonlyMap<string, string>;
  /** Written into checkpoints; default "0.1.0". */
  netcVersion?: string;
}

/** netc_runtime.py, read from the source tree (the same relative path from src/ and dist/). */
export function pytorchRuntimeSource(): string {
  const url = new URL("../../../src/codegen/pytorch/runtime/netc_runtime.py", import.meta.url);
  return readFileSync(url, "utf8");
}

function lookup(options: PytorchEmitOptions): SourceLookup {
  const { sourceText, sourcePath } = options;
  return {
    text(file: string) {
      if (sourceText === undefined) return undefined;
      if (typeof sourceText === "string") return file === sourcePath ? sourceText : undefined;
      return sourceText.get(file);
    },
  };
}

export function emitPytorch(
  program: ProgramIR,
  modelName: string,
  options: PytorchEmitOptions,
): Map<string, string> {
  const selected = modelAndTrain(program, modelName);
  if (selected === undefined) throw new EmitError(`pytorch backend: no model named ${modelName}`);
  const { model, train } = selected;
  const modelFile = emitPytorchModel({ model, sources: lookup(options) });
  const files = new Map<string, string>([["model.py", modelFile.text]]);
  if (train.declared) {
    files.set(
      "train.py",
      emitPytorchTrain({
        model,
        train,
        className: modelFile.className,
        sourceName: options.sourcePath.split(/[\\/]/).pop() ?? options.sourcePath,
        netcVersion: options.netcVersion ?? "0.1.0",
        sources: lookup(options),
      }),
    );
    files.set("netc_runtime.py", pytorchRuntimeSource());
  }
  return files;
}
