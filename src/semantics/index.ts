import { DiagnosticBag, type Diagnostic, sortDiagnostics } from "../diagnostics/diagnostic.js";
import { Diagnostics } from "../diagnostics/messages.js";
import type { Span, SourceText } from "../diagnostics/span.js";
import type { ModelIR, ProgramIR, TrainIR } from "../ir/ir.js";
import type { SourceFileNode } from "../syntax/ast.js";
import { Scope } from "./evaluate.js";
import { evaluate } from "./evaluate.js";
import { ExpansionBudget, ModelExpander } from "./expand.js";
import { NodeIndex } from "./node-lookup.js";
import { type SourceHost, loadProgram } from "./program.js";
import { didYouMean } from "./suggest.js";
import { checkTrain, defaultTrain } from "./train/check-train.js";
import type { CallArgument } from "./values.js";

export type { SourceHost } from "./program.js";
export { summarize, type ModelSummary, type SummaryRow } from "./summary.js";
export { NodeIndex, type NodeHit } from "./node-lookup.js";
export { parameterOptions, nameOption } from "./layer-options.js";
export { datasets } from "./train/datasets.js";
export { losses } from "./train/losses.js";
export { optimizers } from "./train/optimizers.js";
export { schedules } from "./train/schedules.js";
export { trainKeys, trainSettingSpecs, earlyStoppingEntry } from "./train/check-train.js";

export interface CheckResult {
  program: ProgramIR;
  /** Sorted by file and position; duplicates (the same finding from two instances of a model) removed. */
  diagnostics: Diagnostic[];
  sources: Map<string, SourceText>;
  files: Map<string, SourceFileNode>;
  /** Which IR nodes a source position belongs to (hover, go-to-definition of shapes). */
  nodes: NodeIndex;
}

/**
 * Check a program: the entry file and everything it imports. Every model with defaults
 * for all its parameters is expanded once; each `train M(args)` with arguments gets its
 * own instance (TrainIR.modelIndex says which). Never throws on user input.
 */
export function checkProgram(entryPath: string, host: SourceHost): CheckResult {
  const bag = new DiagnosticBag();
  const loaded = loadProgram(entryPath, host, bag);
  const calledBlocks = new Set<string>();
  const conditionalShortcuts = new Map<string, { span: Span; taken: boolean }>();
  const nodes = new NodeIndex();
  const models: ModelIR[] = [];
  const defaultInstance = new Map<string, number>();
  const budget = new ExpansionBudget();

  const instantiate = (name: string, args: CallArgument[]): number | undefined => {
    const decl = loaded.models.get(name)!;
    const expander = new ModelExpander(loaded, bag, calledBlocks, conditionalShortcuts, budget);
    const ir = expander.expand(decl, args, decl.name.span);
    nodes.add(name, expander.nodes);
    if (ir === undefined) return undefined;
    models.push(ir);
    return models.length - 1;
  };

  for (const [name, decl] of loaded.models) {
    // A model with a required parameter is checked only where a train section gives it.
    if (decl.params.some((p) => p.default === undefined)) continue;
    const index = instantiate(name, []);
    if (index !== undefined) defaultInstance.set(name, index);
  }

  const trains: TrainIR[] = [];
  for (const decl of loaded.trains) {
    const name = decl.model.name;
    if (!loaded.models.has(name)) {
      const models = [...loaded.models.keys()];
      const help =
        didYouMean(name, models) ??
        (models.length > 0
          ? `the models defined are ${models.join(", ")}`
          : "define the model with `model NAME { … }` in this file or an imported one");
      bag.report(Diagnostics.UnknownModel, decl.model.span, [name], { help });
      checkTrain(decl, undefined, undefined, bag);
      continue;
    }
    let index: number | undefined;
    if (decl.args.length > 0) {
      const args: CallArgument[] = decl.args.map((arg) => {
        const a: CallArgument = {
          value: evaluate(arg.value, { scope: new Scope(), inShape: undefined, diagnostics: bag }),
          span: arg.value.span,
        };
        if (arg.name !== undefined) {
          a.name = arg.name.name;
          a.nameSpan = arg.name.span;
        }
        return a;
      });
      index = instantiate(name, args);
    } else {
      const decl0 = loaded.models.get(name)!;
      if (!defaultInstance.has(name) && decl0.params.some((p) => p.default === undefined))
        index = instantiate(name, []);
      else index = defaultInstance.get(name);
    }
    const train = checkTrain(decl, index === undefined ? undefined : models[index], index, bag);
    if (train !== undefined) trains.push(train);
  }

  // Every model instance without a train section gets the checker's defaults (declared: false).
  const trained = new Set(trains.map((t) => t.model));
  for (const [name, index] of defaultInstance)
    if (!trained.has(name)) trains.push(defaultTrain(models[index]!, index));

  for (const shortcut of conditionalShortcuts.values()) {
    if (!shortcut.taken)
      bag.report(Diagnostics.ShortcutAlwaysOff, shortcut.span, [], {
        help: "if the identity is what you want everywhere, remove the shortcut; otherwise check the condition",
      });
  }

  const entry = loaded.files.get(entryPath);
  if (entry !== undefined && entry.declarations.some((d) => d.kind === "ModelDeclaration")) {
    for (const decl of entry.declarations) {
      if (
        decl.kind === "BlockDeclaration" &&
        decl.name !== undefined &&
        loaded.blocks.get(decl.name.name) === decl &&
        !calledBlocks.has(decl.name.name)
      ) {
        bag.report(Diagnostics.UnusedBlock, decl.name.span, [decl.name.name], {
          help: `call it in a model (\`${decl.name.name}(…)\`), or remove it`,
        });
      }
    }
  }

  return {
    program: { models, trains },
    diagnostics: dedupe(sortDiagnostics(bag.items)),
    sources: loaded.sources,
    files: loaded.files,
    nodes,
  };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.span.file}:${d.span.start}:${d.span.end}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Check one in-memory file; imports are resolved against `files` (path → text), if given. */
export function checkText(
  path: string,
  text: string,
  files: Record<string, string> = {},
): CheckResult {
  return checkProgram(path, { readFile: (p) => (p === path ? text : files[p]) });
}
