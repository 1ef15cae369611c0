import type { ModelIR, ProgramIR, TrainIR } from "../../ir/ir.js";
import { modelAndTrain } from "../../ir/select.js";
import { EmitError } from "../registry.js";
import { isUsableTsIdentifier, tsIdentifier } from "./escape.js";
import { baseName } from "./literals.js";
import { sourceLookup, type SourceLookup, type SourceOptions } from "./sources.js";

/**
 * What the loops and wasm package emitters start from: the model, its train section (the
 * checker's defaults when it has none), the generated class's name, the entry file's
 * base name and the source text for comments.
 */
export interface PackageSubject {
  model: ModelIR;
  train: TrainIR;
  className: string;
  sourceName: string;
  sources: SourceLookup;
}

/**
 * The generated class is named after the model (`LeNet5`); a name that is reserved or
 * that the generated code uses itself (`Math`, `config`, `flags`, `delete`) gets the
 * suffix `Model` (`MathModel`), as the tfjs backend's classes have.
 */
export function loopsClassName(modelName: string): string {
  if (isUsableTsIdentifier(modelName)) return modelName;
  return tsIdentifier(`${modelName}Model`);
}

/** The subject of `backend`'s package for `modelName`; throws EmitError when the program has no such model. */
export function packageSubject(
  program: ProgramIR,
  modelName: string,
  options: SourceOptions,
  backend: string,
): PackageSubject {
  const selected = modelAndTrain(program, modelName);
  if (selected === undefined)
    throw new EmitError(`${backend} backend: no model named ${modelName}`);
  const { model, train } = selected;
  return {
    model,
    train,
    className: loopsClassName(model.name),
    sourceName: baseName(options.sourcePath),
    sources: sourceLookup(options),
  };
}
