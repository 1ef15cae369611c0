import { readFileSync } from "node:fs";
import type { ProgramIR } from "../../ir/ir.js";
import { modelAndTrain } from "../../ir/select.js";
import { EmitError } from "../registry.js";
import { baseName } from "../common/literals.js";
import { sourceLookup, type SourceOptions } from "../common/sources.js";
import { emitPytorchModel } from "./emit-model.js";
import { emitPytorchTrain } from "./emit-train.js";

/**
 * The PyTorch backend: the package of one model as file name → contents: model.py (an
 * nn.Module), train.py (its training script, when the program has a train section for
 * it) and netc_runtime.py (the shape-independent part of training, the same file for
 * every model). Deterministic: the same program gives byte-identical files, laid out
 * as black lays them out.
 */

export interface PytorchEmitOptions extends SourceOptions {
  /** Written into checkpoints; default "0.1.0". */
  netcVersion?: string;
}

/** netc_runtime.py, read from the source tree (the same relative path from src/ and dist/). */
export function pytorchRuntimeSource(): string {
  const url = new URL("../../../src/codegen/pytorch/runtime/netc_runtime.py", import.meta.url);
  return readFileSync(url, "utf8");
}

export function emitPytorch(
  program: ProgramIR,
  modelName: string,
  options: PytorchEmitOptions,
): Map<string, string> {
  const selected = modelAndTrain(program, modelName);
  if (selected === undefined) throw new EmitError(`pytorch backend: no model named ${modelName}`);
  const { model, train } = selected;
  const sources = sourceLookup(options);
  const modelFile = emitPytorchModel({ model, sources });
  const files = new Map<string, string>([["model.py", modelFile.text]]);
  if (train.declared) {
    files.set(
      "train.py",
      emitPytorchTrain({
        model,
        train,
        className: modelFile.className,
        sourceName: baseName(options.sourcePath),
        netcVersion: options.netcVersion ?? "0.1.0",
        sources,
      }),
    );
    files.set("netc_runtime.py", pytorchRuntimeSource());
  }
  return files;
}
