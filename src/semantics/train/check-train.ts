import { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import { Diagnostics, type DiagnosticDefinition } from "../../diagnostics/messages.js";
import type { Span } from "../../diagnostics/span.js";
import type { AttrValue, Configured, ModelIR, TrainIR } from "../../ir/ir.js";
import type { TrainDeclaration, TrainSetting } from "../../syntax/ast.js";
import { bindArguments } from "../bind-arguments.js";
import { Scope, evaluate } from "../evaluate.js";
import { getDefinition } from "../../layers/definitions.js";
import type { ParamSpec } from "../../layers/shared/definition.js";
import { didYouMean } from "../suggest.js";
import { type CallArgument, type Value, describeValue } from "../values.js";
import { type TrainEntry, type DatasetEntry, type LossEntry, findEntry } from "./entries.js";
import { datasets } from "./datasets.js";
import { losses } from "./losses.js";
import { checkTrainingMemory } from "./memory.js";
import { optimizers } from "./optimizers.js";
import { schedules } from "./schedules.js";

/** Settings that take plain values, with their types and defaults (data, loss, optimizer and schedule name train entries). */
const plainSettings: readonly ParamSpec[] = [
  { name: "batch", type: { kind: "int", min: 1 }, default: 32, doc: "Mini-batch size m." },
  {
    name: "epochs",
    type: { kind: "int", min: 1 },
    default: 10,
    doc: "Passes over the training set.",
  },
  {
    name: "seed",
    type: { kind: "int", min: 0 },
    default: 0,
    doc: "Seed of every random choice (init, shuffling, dropout, augmentation).",
  },
  {
    name: "metrics",
    type: { kind: "symbol", options: ["accuracy", "loss", "top5"] },
    default: ["accuracy"],
    doc: "Metrics reported each epoch: accuracy, loss, top5, or a list of them.",
  },
  {
    name: "clip_norm",
    type: { kind: "float", min: 0, minExclusive: true },
    default: null,
    doc: "Clip the gradient's global L2 norm to this value.",
  },
  {
    name: "clip_value",
    type: { kind: "float", min: 0, minExclusive: true },
    default: null,
    doc: "Clip each gradient component to [−v, v].",
  },
  {
    name: "l1",
    type: { kind: "float", min: 0 },
    default: 0,
    doc: "Global L1 penalty λ on all weights (added as λ/n·Σ|w|, seed 001).",
  },
  {
    name: "l2",
    type: { kind: "float", min: 0 },
    default: 0,
    doc: "Global L2 penalty λ on all weights (added as λ/(2n)·Σw², seed 001).",
  },
  {
    name: "checkpoint",
    type: { kind: "string" },
    default: null,
    doc: "File to save the weights to after each epoch (and resume from).",
  },
  {
    name: "log",
    type: { kind: "string" },
    default: null,
    doc: "File to append per-epoch metrics to (JSON lines).",
  },
];

const earlyStopping: TrainEntry = {
  name: "early_stopping",
  doc: "Stop when a validation metric has not improved by min_delta for `patience` epochs, and keep the best weights (seed 000's 提前终止; it gives no patience, 5 is Keras' common choice). Needs data with `validation` > 0.",
  params: [
    {
      name: "metric",
      type: { kind: "symbol", options: ["val_loss", "val_accuracy"] },
      default: "val_loss",
      doc: "The metric watched.",
    },
    {
      name: "patience",
      type: { kind: "int", min: 1 },
      default: 5,
      doc: "Epochs without improvement before stopping.",
    },
    {
      name: "min_delta",
      type: { kind: "float", min: 0 },
      default: 0,
      doc: "The smallest change that counts as improvement.",
    },
  ],
};

const entryKeys = ["data", "loss", "optimizer", "schedule", "early_stopping"] as const;
export const trainKeys: readonly string[] = [...entryKeys, ...plainSettings.map((s) => s.name)];
/** The plain train settings (batch, epochs, seed, …) with type, default and doc, for tools such as the language server. */
export const trainSettingSpecs: readonly ParamSpec[] = plainSettings;
/** The `early_stopping` setting: its doc and parameters. */
export const earlyStoppingEntry: TrainEntry = earlyStopping;

interface EntryTable {
  entries: readonly TrainEntry[];
  unknown: DiagnosticDefinition;
  what: string;
}

const entryTables: Record<(typeof entryKeys)[number], EntryTable> = {
  data: { entries: datasets, unknown: Diagnostics.UnknownDataset, what: "data source" },
  loss: { entries: losses, unknown: Diagnostics.UnknownLoss, what: "loss" },
  optimizer: { entries: optimizers, unknown: Diagnostics.UnknownOptimizer, what: "optimizer" },
  schedule: { entries: schedules, unknown: Diagnostics.UnknownSchedule, what: "schedule" },
  early_stopping: {
    entries: [earlyStopping],
    unknown: Diagnostics.InvalidTrainValue,
    what: "early stopping",
  },
};

/** "sgd(lr = 0.01)" or "cross_entropy": how to write the first of a table of entries, for help lines. */
function exampleEntry(entries: readonly TrainEntry[]): string {
  const entry = entries[0]!;
  const required = entry.params.filter((p) => p.default === undefined);
  if (required.length > 0)
    return `${entry.name}(${required.map((p) => `${p.name} = …`).join(", ")})`;
  // the first argument only when it is a setting people write (sgd's lr), not a zero or an off switch
  const first = entry.params[0];
  if (typeof first?.default !== "number" || first.default === 0) return entry.name;
  return `${entry.name}(${first.name} = ${first.default})`;
}

/** A setting that names a train entry: a bare name (`cross_entropy`) or a call (`sgd(lr = 0.01)`), bound against the entry's parameters. */
function configure(
  setting: TrainSetting,
  value: Value,
  use: EntryTable,
  diagnostics: DiagnosticBag,
): Configured | undefined {
  const name =
    value.type === "symbol" ? value.name : value.type === "call" ? value.name : undefined;
  const nameSpan = value.type === "call" ? value.nameSpan : setting.value.span;
  if (name === undefined) {
    diagnostics.report(
      Diagnostics.InvalidTrainValue,
      setting.value.span,
      [setting.key.name, `must name a ${use.what}, found ${describeValue(value)}`],
      {
        help: `write a name, or a call with arguments: ${setting.key.name} = ${exampleEntry(use.entries)}`,
      },
    );
    return undefined;
  }
  const entry = findEntry(use.entries, name);
  if (entry === undefined) {
    const help = didYouMean(
      name,
      use.entries.flatMap((e) => [e.name, ...(e.aliases ?? [])]),
    );
    const known = `known: ${use.entries.map((e) => e.name).join(", ")}`;
    if (use.unknown === Diagnostics.InvalidTrainValue)
      diagnostics.report(
        use.unknown,
        nameSpan,
        [setting.key.name, `must be ${use.entries[0]!.name}(…), found ${name}`],
        {
          help: `write ${setting.key.name} = ${exampleEntry(use.entries)}`,
        },
      );
    else
      diagnostics.report(
        use.unknown,
        nameSpan,
        [name],
        help !== undefined
          ? { help, notes: [known] }
          : { help: known.replace(/^known/, `${use.what}s netc knows`) },
      );
    return undefined;
  }
  return bindEntry(
    entry,
    value.type === "call" ? value.args : [],
    nameSpan,
    setting.value.span,
    diagnostics,
  );
}

/** An entry's arguments bound against its parameters, every default filled in. */
function bindEntry(
  entry: TrainEntry,
  args: readonly CallArgument[],
  nameSpan: Span,
  span: Span,
  diagnostics: DiagnosticBag,
): Configured | undefined {
  const bound = bindArguments(args, entry.params, {
    callee: entry.name,
    calleeSpan: nameSpan,
    scope: new Scope(),
    diagnostics,
  });
  if (!bound.ok) return undefined;
  // An alias (`bce`) is recorded under the entry's own name, so backends see one name.
  return { name: entry.name, args: bound.values, given: [...bound.spans.keys()], span };
}

export interface TrainCheck {
  train: TrainIR | undefined;
}

/**
 * Check one train section against the model it trains: settings, train entries and
 * their arguments, required keys, class count (NET0401), data shape (NET0402), and the
 * warnings about the output layer and the loss (NET0501, NET0503).
 */
export function checkTrain(
  decl: TrainDeclaration,
  model: ModelIR | undefined,
  modelIndex: number | undefined,
  diagnostics: DiagnosticBag,
): TrainIR | undefined {
  const found = new Map<string, { setting: TrainSetting; value: Value }>();
  let ok = true;
  for (const setting of decl.settings) {
    const key = setting.key.name;
    if (!trainKeys.includes(key)) {
      const help = didYouMean(key, trainKeys);
      diagnostics.report(Diagnostics.UnknownTrainKey, setting.key.span, [key], {
        help: help ?? `the settings are: ${trainKeys.join(", ")}`,
      });
      ok = false;
      continue;
    }
    if (found.has(key)) {
      diagnostics.report(Diagnostics.DuplicateArgument, setting.key.span, [key], {
        labels: [{ span: found.get(key)!.setting.key.span, message: "first given here" }],
        help: "keep one of the two lines and remove the other",
      });
      ok = false;
      continue;
    }
    const value = evaluate(setting.value, { scope: new Scope(), inShape: undefined, diagnostics });
    if (value === undefined) {
      ok = false;
      continue;
    }
    found.set(key, { setting, value });
  }

  const configured: Partial<Record<(typeof entryKeys)[number], Configured>> = {};
  for (const key of entryKeys) {
    const entry = found.get(key);
    if (entry === undefined) {
      if (key === "data" || key === "loss" || key === "optimizer") {
        diagnostics.report(Diagnostics.MissingTrainKey, decl.model.span, [key], {
          help: `add a line to the train section, e.g. \`${key} = ${exampleEntry(entryTables[key].entries)}\``,
        });
        ok = false;
      }
      continue;
    }
    const c = configure(entry.setting, entry.value, entryTables[key], diagnostics);
    if (c === undefined) ok = false;
    else configured[key] = c;
  }

  const settings: Record<string, AttrValue | Configured> = {};
  const plain = bindArguments(
    [...found.entries()]
      .filter(([key]) => key !== "metrics" && !(entryKeys as readonly string[]).includes(key))
      .map(([key, { setting, value }]) => ({
        name: key,
        nameSpan: setting.key.span,
        value,
        span: setting.value.span,
      })),
    plainSettings.filter((s) => s.name !== "metrics"),
    { callee: "train", calleeSpan: decl.model.span, scope: new Scope(), diagnostics },
  );
  if (!plain.ok) ok = false;
  for (const [key, value] of Object.entries(plain.values))
    if (!["batch", "epochs", "seed"].includes(key)) settings[key] = value;
  // `metrics = accuracy` or `metrics = [accuracy, loss]`: each item checked against the same list.
  const metricsSpec = plainSettings.find((s) => s.name === "metrics")!;
  const metrics = found.get("metrics");
  const metricItems =
    metrics === undefined
      ? []
      : metrics.value.type === "list"
        ? metrics.value.items
        : [metrics.value];
  settings.metrics = metrics === undefined ? metricsSpec.default! : [];
  for (const item of metricItems) {
    const one = bindArguments(
      [{ name: "metrics", value: item, span: metrics!.setting.value.span }],
      [metricsSpec],
      { callee: "train", calleeSpan: decl.model.span, scope: new Scope(), diagnostics },
    );
    if (!one.ok) ok = false;
    else (settings.metrics as AttrValue[]).push(one.values.metrics!);
  }
  if (configured.early_stopping !== undefined) settings.early_stopping = configured.early_stopping;

  if (
    !ok ||
    configured.data === undefined ||
    configured.loss === undefined ||
    configured.optimizer === undefined
  )
    return undefined;

  const dataset = datasets.find((d) => d.name === configured.data!.name)!;
  const loss = losses.find((l) => l.name === configured.loss!.name)!;
  const train: TrainIR = {
    model: decl.model.name,
    declared: true,
    span: decl.span,
    data: configured.data,
    loss: configured.loss,
    optimizer: configured.optimizer,
    usualLearningRate: usualLearningRate(configured.optimizer.name),
    batch: plain.values.batch as number,
    epochs: plain.values.epochs as number,
    seed: plain.values.seed as number,
    settings,
    sampleShape: dataset.sampleShape(configured.data.args),
    classes: dataset.classes(configured.data.args),
  };
  if (configured.schedule !== undefined) train.schedule = configured.schedule;
  checkDataOptions(
    train,
    found.get("data")!.setting.span,
    found.get("early_stopping")?.setting.span,
    diagnostics,
  );
  if (modelIndex !== undefined) train.modelIndex = modelIndex;
  if (model !== undefined) {
    checkAgainstModel(train, model, dataset, loss, found.get("data")!.setting.span, diagnostics);
    const batch = found.get("batch")?.setting.span;
    checkTrainingMemory(
      model,
      train.batch,
      { span: batch ?? decl.model.span, given: batch !== undefined },
      diagnostics,
    );
  }
  return train;
}

/** Data options that must agree with the data set and with other settings. */
function checkDataOptions(
  train: TrainIR,
  dataSpan: Span,
  earlyStoppingSpan: Span | undefined,
  diagnostics: DiagnosticBag,
): void {
  const args = train.data.args;
  const channels = train.sampleShape[0]!;
  const normalize = args.normalize;
  if (Array.isArray(normalize) && normalize.length !== 2 && normalize.length !== 2 * channels) {
    diagnostics.report(
      Diagnostics.InvalidTrainValue,
      dataSpan,
      [
        "data",
        `gives normalize ${normalize.length} values; ${train.data.name} has ${channels} channel(s), so give [mean, std]${channels > 1 ? ` or ${channels} means then ${channels} stds` : ""}`,
      ],
      {
        help: "e.g. normalize = [0.1307, 0.3081]: the mean and standard deviation of the pixel values",
      },
    );
  }
  if (typeof normalize === "number") {
    diagnostics.report(
      Diagnostics.InvalidTrainValue,
      dataSpan,
      ["data", "gives normalize one number; give [mean, std]"],
      {
        help: "e.g. normalize = [0.1307, 0.3081]: the mean and standard deviation of the pixel values",
      },
    );
  }
  if (earlyStoppingSpan !== undefined && args.validation === 0) {
    diagnostics.report(
      Diagnostics.InvalidTrainValue,
      earlyStoppingSpan,
      ["early_stopping", "watches a validation metric, but the data has no validation split"],
      {
        help: `hold some training data out, e.g. \`${train.data.name}(validation = 0.1)\``,
      },
    );
  }
}

function checkAgainstModel(
  train: TrainIR,
  model: ModelIR,
  dataset: DatasetEntry,
  loss: LossEntry,
  dataSpan: Span,
  diagnostics: DiagnosticBag,
): void {
  const show = (s: readonly number[]) => `[${s.join(", ")}]`;
  const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const sample = train.sampleShape;
  const input = model.inputShape;
  const flatFits = input.length === 1 && input[0] === count(sample);
  if (show(sample) !== show(input) && !flatFits) {
    diagnostics.report(Diagnostics.DataShapeMismatch, dataSpan, [show(sample), show(input)], {
      labels: [],
      help: `change the model's input to \`input ${show(sample)}\`${input.length === 1 ? "" : ` (or \`input [${count(sample)}]\` for a flat input)`}`,
    });
  }
  const last = model.nodes.find((n) => n.id === model.output);
  if (last === undefined || !loss.classification) return;
  const outputs = count(last.outputShape);
  const classes = train.classes;
  if (last.outputShape.length !== 1 || outputs !== classes) {
    diagnostics.report(
      Diagnostics.ClassCountMismatch,
      last.span,
      [last.outputShape.length === 1 ? outputs : show(last.outputShape), classes],
      {
        labels: [{ span: dataSpan, message: `${dataset.name} has ${classes} classes` }],
        help: `the last layer should output [${classes}], e.g. dense(${classes})`,
      },
    );
  }
  // What the last layer's output means (its definition says) against what the loss takes (its entry says).
  const role = getDefinition(last.kind)?.asOutput?.(last.attrs, last.outputShape);
  if (role !== undefined && !(loss.accepts ?? []).includes(role.meaning)) {
    const expects = loss.expects === "logits" ? "logits" : "log-probabilities";
    const extras: Parameters<DiagnosticBag["report"]>[3] = { help: role.help(loss.name, expects) };
    if (role.lossLabel !== undefined)
      extras.labels = [{ span: train.loss.span, message: role.lossLabel(loss.name) }];
    diagnostics.report(role.warning, last.span, [loss.name], extras);
  }
}

/** What netc trains a model with when no train section says: the first data source, loss and optimizer of seed 003's MNIST example. */
const defaultEntries = { data: "mnist", loss: "cross_entropy", optimizer: "sgd" } as const;

/** An optimizer's default learning rate (every optimizer has one). */
function usualLearningRate(optimizer: string): number {
  const lr = findEntry(optimizers, optimizer)!.params.find((p) => p.name === "lr")!.default;
  if (typeof lr !== "number") throw new Error(`netc bug: optimizer ${optimizer} has no default lr`);
  return lr;
}

/**
 * The train IR of a model without a train section: every default of the entries above and
 * of the plain settings, as a section with no lines would give them. `declared` is false,
 * so tools can tell (the generated package ships no training script for it).
 */
export function defaultTrain(model: ModelIR, modelIndex: number): TrainIR {
  // Binding no arguments cannot fail; a scratch bag keeps the API uniform.
  const scratch = new DiagnosticBag();
  const entry = <T extends TrainEntry>(entries: readonly T[], name: string): T =>
    findEntry(entries, name)!;
  const configured = (entries: readonly TrainEntry[], name: string): Configured =>
    bindEntry(entry(entries, name), [], model.span, model.span, scratch)!;
  const data = configured(datasets, defaultEntries.data);
  const dataset = entry(datasets, defaultEntries.data);
  const plain = bindArguments([], plainSettings, {
    callee: "train",
    calleeSpan: model.span,
    scope: new Scope(),
    diagnostics: scratch,
  }).values;
  const settings: Record<string, AttrValue> = {};
  for (const [key, value] of Object.entries(plain))
    if (!["batch", "epochs", "seed", "metrics"].includes(key)) settings[key] = value;
  settings.metrics = plain.metrics!; // last, as in a declared section
  return {
    model: model.name,
    declared: false,
    span: model.span,
    data,
    loss: configured(losses, defaultEntries.loss),
    optimizer: configured(optimizers, defaultEntries.optimizer),
    usualLearningRate: usualLearningRate(defaultEntries.optimizer),
    batch: plain.batch as number,
    epochs: plain.epochs as number,
    seed: plain.seed as number,
    settings,
    modelIndex,
    sampleShape: dataset.sampleShape(data.args),
    classes: dataset.classes(data.args),
  };
}
