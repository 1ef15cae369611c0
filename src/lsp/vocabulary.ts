/**
 * Names and documentation the editor offers, read from the front end's registries
 * (the layer definitions and the train entries); nothing is listed here by hand.
 */
import type { AttrValue } from "../ir/ir.js";
import { layerDefinitions } from "../layers/definitions.js";
import type {
  AnyLayerDefinition as LayerKind,
  ArgType,
  ParamSpec,
} from "../layers/shared/definition.js";
import {
  datasets,
  losses,
  nameOption,
  optimizers,
  parameterOptions,
  schedules,
  trainKeys,
  trainSettingSpecs,
  earlyStoppingEntry,
} from "../semantics/index.js";

export interface VocabularyEntry {
  name: string;
  doc: string;
  params: readonly ParamSpec[];
}

export interface Vocabulary {
  layers: readonly LayerKind[];
  layer(name: string): LayerKind | undefined;
  losses: readonly VocabularyEntry[];
  optimizers: readonly VocabularyEntry[];
  datasets: readonly VocabularyEntry[];
  schedules: readonly VocabularyEntry[];
  trainKeys: readonly VocabularyEntry[];
}

let cached: Vocabulary | undefined;

export function vocabulary(): Vocabulary {
  if (cached !== undefined) return cached;
  const layers = layerDefinitions.filter((kind) => kind.internal !== true);
  const byName = new Map<string, LayerKind>();
  for (const kind of layers) {
    byName.set(kind.name, kind);
    for (const alias of kind.aliases ?? []) if (!byName.has(alias)) byName.set(alias, kind);
    if (kind.generic !== undefined && !byName.has(kind.generic)) byName.set(kind.generic, kind);
  }
  cached = {
    layers,
    layer: (name) => byName.get(name),
    losses,
    optimizers,
    datasets,
    schedules,
    trainKeys: trainKeys.map((name) => ({ name, doc: trainKeyDoc(name), params: [] })),
  };
  return cached;
}

/** Every argument a call of this kind accepts: its own, `name`, and the parameter options when it has parameters. */
export function layerArguments(kind: LayerKind): readonly ParamSpec[] {
  return [...kind.params, nameOption, ...(kind.parameters !== undefined ? parameterOptions : [])];
}

/** The names a call-style value can take: layer kinds plus their generic names and aliases. */
export function layerNames(c: Vocabulary): { name: string; kind: LayerKind }[] {
  const names = new Map<string, LayerKind>();
  for (const kind of c.layers) {
    if (kind.generic !== undefined && !names.has(kind.generic)) names.set(kind.generic, kind);
    names.set(kind.name, kind);
  }
  return [...names.entries()].map(([name, kind]) => ({ name, kind }));
}

export function showDefault(value: AttrValue | undefined): string {
  if (value === undefined) return "required";
  return JSON.stringify(value).replace(/"/g, "");
}

export function showType(type: ArgType): string {
  switch (type.kind) {
    case "symbol":
      return type.options.join(" | ");
    case "intOrSymbol":
      return `int | ${type.options.join(" | ")}`;
    case "ints":
      return "int | [int, …]";
    case "floats":
      return "float | [float, …]";
    case "shape":
      return "[int, …]";
    case "table":
      return "[[int, …], …]";
    default:
      return type.kind;
  }
}

/** `name = default  (type)`, the one-line form used by completion and hover. */
export function paramLine(param: ParamSpec): string {
  const head =
    param.default === undefined ? param.name : `${param.name} = ${showDefault(param.default)}`;
  return `${head}: ${showType(param.type)}`;
}

/** The train checker exports its keys by name only; the keys that name train entries say what they take. */
function trainKeyDoc(key: string): string {
  const names = (entries: readonly VocabularyEntry[]) => entries.map((e) => e.name).join(", ");
  switch (key) {
    case "data":
      return `The data source: ${names(datasets)}.`;
    case "loss":
      return `The loss: ${names(losses)}.`;
    case "optimizer":
      return `The optimizer: ${names(optimizers)}.`;
    case "schedule":
      return `The learning-rate schedule: ${names(schedules)}.`;
    case earlyStoppingEntry.name:
      return earlyStoppingEntry.doc;
    default: {
      const spec = trainSettingSpecs.find((s) => s.name === key);
      return spec === undefined ? "" : `${spec.doc} Default: ${showDefault(spec.default)}.`;
    }
  }
}
