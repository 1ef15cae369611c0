import { adaptive_avgpool } from "./adaptive_avgpool/definition.js";
import { add } from "./add/definition.js";
import { avgpool1d } from "./avgpool1d/definition.js";
import { avgpool2d } from "./avgpool2d/definition.js";
import { batchnorm } from "./batchnorm/definition.js";
import { conv1d } from "./conv1d/definition.js";
import { conv2d } from "./conv2d/definition.js";
import { conv2d_table } from "./conv2d_table/definition.js";
import { dense } from "./dense/definition.js";
import { dropout } from "./dropout/definition.js";
import { elu } from "./elu/definition.js";
import { flatten } from "./flatten/definition.js";
import { global_avgpool } from "./global_avgpool/definition.js";
import { groupnorm } from "./groupnorm/definition.js";
import { leaky_relu } from "./leaky_relu/definition.js";
import { log_softmax } from "./log_softmax/definition.js";
import { lrn } from "./lrn/definition.js";
import { maxout } from "./maxout/definition.js";
import { maxpool1d } from "./maxpool1d/definition.js";
import { maxpool2d } from "./maxpool2d/definition.js";
import { noise } from "./noise/definition.js";
import { prelu } from "./prelu/definition.js";
import { rbf } from "./rbf/definition.js";
import { relu } from "./relu/definition.js";
import { reshape } from "./reshape/definition.js";
import type { AnyLayerDefinition, AttrsOf } from "./shared/definition.js";
import { sigmoid } from "./sigmoid/definition.js";
import { softmax } from "./softmax/definition.js";
import { subsample } from "./subsample/definition.js";
import { tanh } from "./tanh/definition.js";
import { zeropad2d } from "./zeropad2d/definition.js";

/**
 * Every layer kind's definition, by name: the one registry semantics, the language
 * server and the graph read. Adding a kind is adding its folder (src/layers/<kind>/)
 * and one line here, then one line in each backend's registry
 * (src/codegen/<backend>/registry.ts) and in the cases registry (./cases.ts); the type
 * checker refuses a backend registry that misses a kind. The order is the order of
 * completion lists and docs.
 */
export const definitions = {
  dense,
  conv1d,
  conv2d,
  maxpool1d,
  maxpool2d,
  avgpool1d,
  avgpool2d,
  global_avgpool,
  zeropad2d,
  flatten,
  reshape,
  dropout,
  batchnorm,
  groupnorm,
  relu,
  sigmoid,
  tanh,
  softmax,
  log_softmax,
  // LeNet-5's classic layers (seed 004), AlexNet's LRN (seed 003), and the activations of seed 001.
  conv2d_table,
  subsample,
  rbf,
  lrn,
  adaptive_avgpool,
  maxout,
  prelu,
  leaky_relu,
  elu,
  noise,
  add,
} as const;

export type LayerKindName = keyof typeof definitions;

/** The typed attributes of an IR node of kind K: what its backend emitters receive. */
export type ResolvedAttrsOf<K extends LayerKindName> = AttrsOf<(typeof definitions)[K]>;

// Each entry's key is its definition's name, so a node's `kind` finds its definition.
definitions satisfies { readonly [K in LayerKindName]: { readonly name: K } };

/** Every definition, types erased, in registry order. */
export const layerDefinitions: readonly AnyLayerDefinition[] = Object.values(definitions);

export function isLayerKindName(name: string): name is LayerKindName {
  return Object.hasOwn(definitions, name);
}

const byName = new Map<string, AnyLayerDefinition>();
for (const definition of layerDefinitions) {
  byName.set(definition.name, definition);
  for (const alias of definition.aliases ?? []) byName.set(alias, definition);
}

/** The definition with this exact name or alias (internal kinds included, for readers of `LayerNode.kind`). */
export function getDefinition(name: string): AnyLayerDefinition | undefined {
  return byName.get(name);
}

/** Whether the language accepts this name as a layer call (a kind, an alias or a rank-generic name). */
export function isCallableLayerName(name: string): boolean {
  const definition = byName.get(name);
  if (definition !== undefined) return definition.internal !== true;
  return layerDefinitions.some((d) => d.generic === name);
}

/**
 * The kind a call names for an input of the given rank: `maxpool` on [C, H, W] is
 * maxpool2d. For a generic name with no kind of that rank, the first variant is returned
 * (its rank check then reports the problem). Internal kinds are not callable.
 */
export function resolveLayerCall(name: string, inputRank: number): AnyLayerDefinition | undefined {
  const direct = byName.get(name);
  if (direct !== undefined) return direct.internal === true ? undefined : direct;
  const variants = layerDefinitions.filter((d) => d.generic === name);
  return variants.find((d) => d.inputRanks?.includes(inputRank)) ?? variants[0];
}

/** Every name a user may call, for did-you-mean and completion. */
export function callableLayerNames(): string[] {
  const names = new Set<string>();
  for (const definition of layerDefinitions) {
    if (definition.internal === true) continue;
    names.add(definition.name);
    for (const alias of definition.aliases ?? []) names.add(alias);
    if (definition.generic !== undefined) names.add(definition.generic);
  }
  return [...names];
}
