import type { ProgramIR } from "../../ir/ir.js";
import { modelAndTrain } from "../../ir/select.js";
import { formatTypeScript } from "../format-typescript.js";
import { EmitError } from "../registry.js";
import { emitModelSource, type SourceLookup } from "./emit-model.js";
import { emitParallelSource } from "./emit-parallel.js";
import { emitConfigSource, emitTrainSource } from "./emit-train.js";
import { baseName } from "../common/literals.js";
import { isUsableTsIdentifier, tsIdentifier } from "../common/escape.js";

export interface LoopsEmitOptions {
  /** The entry .net file (for comments: only its base name is printed). */
  sourcePath: string;
  /**
   * The source text, to quote each layer call beside its code: the entry file's text,
   * or every file's text by path (imports). Without it comments give file:line only.
   */
  sourceText?: string | ReadonlyMap<string, string>;
  /** Default maximum batch of the generated class; default: the train section's batch (the checker's default without one). */
  maxBatch?: number;
  /** Also emit d(loss)/d(input), read with `inputGradient(n)` (saliency maps, gradient checks). */
  inputGradients?: boolean;
  /** "float64" emits the model over Float64Array: the reference the gradient checks use. Default float32. */
  precision?: "float32" | "float64";
}

function lookup(options: LoopsEmitOptions): SourceLookup {
  const { sourceText, sourcePath } = options;
  return {
    text(file: string) {
      if (sourceText === undefined) return undefined;
      if (typeof sourceText === "string") return file === sourcePath ? sourceText : undefined;
      return sourceText.get(file);
    },
  };
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

/**
 * The loops backend: the generated package of one model as file name → contents:
 * `model.ts` (no imports; runs in a browser), `config.ts` (the train section as data),
 * `train.ts` (the training script, importing `netc/runtime`) and `parallel.ts`
 * (data-parallel training on worker threads, Node only). Deterministic: the same
 * program gives byte-identical files. Throws on an IR the backend cannot emit (an
 * unknown model, a layer kind, loss or optimizer without a loops implementation).
 */
export async function emitLoops(
  program: ProgramIR,
  modelName: string,
  options: LoopsEmitOptions,
): Promise<Map<string, string>> {
  const selected = modelAndTrain(program, modelName);
  if (selected === undefined) throw new EmitError(`loops backend: no model named ${modelName}`);
  const { model, train } = selected;
  const className = loopsClassName(model.name);
  const sourceName = baseName(options.sourcePath);
  const sources = lookup(options);
  const texts: [string, string][] = [
    [
      "model.ts",
      emitModelSource({
        model,
        train,
        className,
        sources,
        maxBatch: options.maxBatch ?? train.batch,
        inputGradients: options.inputGradients ?? false,
        precision: options.precision ?? "float32",
      }),
    ],
    ["config.ts", emitConfigSource({ className, modelName, train, sourceName })],
    ["train.ts", emitTrainSource({ className, modelName, train, sourceName })],
    ["parallel.ts", emitParallelSource(className)],
  ];
  const files = new Map<string, string>();
  for (const [name, text] of texts) files.set(name, await formatTypeScript(text));
  return files;
}
