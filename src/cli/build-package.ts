import { hasErrors } from "../diagnostics/diagnostic.js";
import { type Backend, emitPackage } from "../codegen/package.js";
import { UnsupportedModelError } from "../codegen/wasm/index.js";
import type { ModelIR, ProgramIR, TrainIR } from "../ir/ir.js";
import type { CliContext } from "./context.js";
import { didYouMean } from "./did-you-mean.js";
import { UserError } from "./errors.js";
import { readNetFile } from "./files.js";
import { checkFile } from "./frontend.js";
import { netcVersion } from "./netc-package.js";
import { ensurePackageTypeChecks } from "./package-check.js";
import { writeDiagnostics } from "./report.js";

/**
 * The steps `compile`, `train` and `graph` share: check a .net file (diagnostics rendered
 * as `netc check` renders them, on stderr), pick the model, emit its package.
 */

export const backends: readonly Backend[] = ["tfjs", "loops", "pytorch", "wasm"];

/**
 * The backend `compile` and `train` use without --backend: tfjs. Measured on the 2-core
 * development machine (examples/train-mnist/README.md), it trains LeNet-5 faster than
 * loops even without a GPU (wasm, about 1,700 against 1,100 samples/s, one epoch each, one
 * run at a time), and it moves to CUDA by itself where tfjs-node-gpu loads. The loops
 * backend is the dependency-free reference, and the one that runs in a browser.
 */
export const defaultBackend: Backend = "tfjs";

export interface CheckedModel {
  program: ProgramIR;
  model: ModelIR;
  /** The train section for this model, if the file has one. */
  train: TrainIR | undefined;
  /** Every source file's text by path, for the comments that quote .net lines. */
  sourceTexts: Map<string, string>;
}

/**
 * Checks `file` and selects a model. Returns undefined when the file has errors (they
 * have been printed; the caller exits 1). Throws UserError (exit 2) for an unreadable
 * file or an unknown or ambiguous model name.
 */
export function checkAndSelectModel(
  ctx: CliContext,
  file: string,
  modelName: string | undefined,
  root?: string,
): CheckedModel | undefined {
  readNetFile(file, root); // an unreadable file is an I/O error (exit 2), not a diagnostic
  const checked = checkFile(file, root);
  if (checked.diagnostics.length > 0) {
    writeDiagnostics(ctx, ctx.stderr, checked.diagnostics, checked.sources, "text");
  }
  if (hasErrors(checked.diagnostics)) return undefined;
  const { program } = checked;
  const model = selectModel(program, file, modelName);
  const train = program.trains.find((t) => t.model === model.name && t.declared);
  const sourceTexts = new Map([...checked.sources].map(([path, source]) => [path, source.text]));
  return { program, model, train, sourceTexts };
}

/**
 * The model named by --model; without it, the file's only model, or else the model of
 * its first train section. Several models and no train section: the user must choose.
 */
function selectModel(program: ProgramIR, file: string, requested: string | undefined): ModelIR {
  // A `train M(args)` section adds a second instance of M; the user names models, not instances.
  const names = [...new Set(program.models.map((m) => m.name))];
  const byName = (name: string) => program.models.find((m) => m.name === name)!;
  if (requested !== undefined) {
    if (!names.includes(requested)) {
      throw new UserError(
        `no model named '${requested}' in '${file}'${didYouMean(requested, names)}` +
          (names.length > 0 ? `; it defines ${names.join(", ")}` : "; it defines no models"),
      );
    }
    return byName(requested);
  }
  if (names.length === 0) throw new UserError(`'${file}' defines no models`);
  if (names.length === 1) return byName(names[0]!);
  const trained = program.trains.find((t) => t.declared);
  if (trained !== undefined) return byName(trained.model);
  throw new UserError(
    `'${file}' defines several models (${names.join(", ")}); choose one with --model NAME`,
  );
}

/**
 * The generated package's files (model.ts, train.ts, …), type-checked. When the backend
 * cannot emit this model (a layer kind it lacks), prints one line and returns undefined:
 * the input cannot be compiled as asked, so the caller exits 1, as for diagnostics. A
 * TypeScript package (every backend but pytorch) that does not type-check is netc's bug:
 * InternalError (exit 70).
 */
export async function emitModelPackage(
  ctx: CliContext,
  checked: CheckedModel,
  file: string,
  backend: Backend,
  /** Called with the reason instead of printing an error when the backend cannot compile the model (a caller with a fallback). */
  options: { onUnsupported?: (reason: string) => void } = {},
): Promise<Map<string, string> | undefined> {
  let files: Map<string, string>;
  try {
    files = await emitPackage(checked.program, checked.model.name, backend, {
      sourcePath: file,
      sourceText: checked.sourceTexts,
      netcVersion: netcVersion(),
    });
  } catch (error) {
    // The first line says what failed; a code frame below it (from prettier) is for netc's developers.
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
    // what the compiled backend refuses is reported with the line it comes from
    const where =
      error instanceof UnsupportedModelError ? ` (${error.span.file}:${error.span.line})` : "";
    if (options.onUnsupported !== undefined) options.onUnsupported(`${reason}${where}`);
    else {
      ctx.stderr.write(
        `netc: error: the ${backend} backend cannot compile ${checked.model.name}${where}: ${reason}\n`,
      );
    }
    return undefined;
  }
  // Only TypeScript packages are type-checked. A PyTorch package is Python, which has no
  // type checker netc could run in process; its safety rests on the escaping layer
  // (codegen/common/escape.ts), whose property test parses and tokenizes the generated files.
  if (backend !== "pytorch") await ensurePackageTypeChecks(ctx, files);
  return files;
}
