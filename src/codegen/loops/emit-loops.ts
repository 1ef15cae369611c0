import type { ProgramIR } from "../../ir/ir.js";
import { formatTypeScript } from "../format-typescript.js";
import { emitModelSource } from "./emit-model.js";
import { emitParallelSource } from "./emit-parallel.js";
import { emitConfigSource, emitTrainSource } from "./emit-train.js";
import { packageSubject } from "../common/package-subject.js";
import type { SourceOptions } from "../common/sources.js";

/** The loops backend's options beyond the source file and text (quoted beside each layer's code). */
export interface LoopsEmitOptions extends SourceOptions {
  /** Default maximum batch of the generated class; default: the train section's batch (the checker's default without one). */
  maxBatch?: number;
  /** Also emit d(loss)/d(input), read with `inputGradient(n)` (saliency maps, gradient checks). */
  inputGradients?: boolean;
  /** "float64" emits the model over Float64Array: the reference the gradient checks use. Default float32. */
  precision?: "float32" | "float64";
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
  const { model, train, className, sourceName, sources } = packageSubject(
    program,
    modelName,
    options,
    "loops",
  );
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
