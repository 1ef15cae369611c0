import { irHash } from "../../ir/hash.js";
import type { ProgramIR } from "../../ir/ir.js";
import { modelAndTrain } from "../../ir/select.js";
import { formatTypeScript } from "../format-typescript.js";
import { EmitError } from "../registry.js";
import { emitModelSource } from "./emit-model.js";
import { emitTrainSource } from "./emit-train.js";

export type { TfjsEmitContext, TfjsLayerEmitter, StoredLayout } from "./layer-emitter.js";

export interface TfjsEmitOptions {
  /** Written into checkpoints; default "0.1.0". */
  netcVersion?: string;
  /** Source text (the entry file's with `sourcePath`, or every file's by path) so comments quote each layer call. */
  sourceText?: string | ReadonlyMap<string, string>;
  sourcePath?: string;
}

function sourceLookup(options: TfjsEmitOptions): (file: string) => string | undefined {
  const { sourceText, sourcePath } = options;
  return (file) => {
    if (sourceText === undefined) return undefined;
    if (typeof sourceText === "string") return file === sourcePath ? sourceText : undefined;
    return sourceText.get(file);
  };
}

/**
 * The tfjs backend: model.ts (the model as tf.Variables and ops, the GeneratedModelApi
 * plus lossAndGradients/step) and train.ts (the training script), prettier-formatted.
 * Pure: the same IR gives byte-identical files. Throws EmitError for a layer kind,
 * loss or optimizer the backend cannot emit.
 */
export async function emitTfjs(
  program: ProgramIR,
  modelName: string,
  options: TfjsEmitOptions = {},
): Promise<Map<string, string>> {
  const selected = modelAndTrain(program, modelName);
  if (selected === undefined) {
    const known = program.models.map((m) => m.name).join(", ") || "none";
    throw new EmitError(`no model named '${modelName}' (models: ${known})`);
  }
  const { model, train } = selected;
  const files = new Map<string, string>();
  files.set(
    "model.ts",
    await formatTypeScript(emitModelSource(model, train, irHash(model), sourceLookup(options))),
  );
  files.set(
    "train.ts",
    await formatTypeScript(emitTrainSource(model, train, options.netcVersion ?? "0.1.0")),
  );
  return files;
}
