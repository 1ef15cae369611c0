import type { LayerKind } from "./layer-kind.js";
import { add } from "./add.js";
import { avgpool1d } from "./avgpool1d.js";
import { avgpool2d } from "./avgpool2d.js";
import { batchnorm } from "./batchnorm.js";
import { conv1d } from "./conv1d.js";
import { conv2d } from "./conv2d.js";
import { dense } from "./dense.js";
import { dropout } from "./dropout.js";
import { flatten } from "./flatten.js";
import { global_avgpool } from "./global_avgpool.js";
import { log_softmax } from "./log_softmax.js";
import { maxpool1d } from "./maxpool1d.js";
import { maxpool2d } from "./maxpool2d.js";
import { relu } from "./relu.js";
import { reshape } from "./reshape.js";
import { sigmoid } from "./sigmoid.js";
import { softmax } from "./softmax.js";
import { tanh } from "./tanh.js";
import { zeropad2d } from "./zeropad2d.js";
import { adaptive_avgpool } from "./adaptive_avgpool.js";
import { conv2d_table } from "./conv2d_table.js";
import { elu } from "./elu.js";
import { leaky_relu } from "./leaky_relu.js";
import { lrn } from "./lrn.js";
import { maxout } from "./maxout.js";
import { noise } from "./noise.js";
import { prelu } from "./prelu.js";
import { rbf } from "./rbf.js";
import { subsample } from "./subsample.js";

/** Every layer kind. Adding a kind is adding its module and one line here. */
export const layerKinds: readonly LayerKind[] = [
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
  relu,
  sigmoid,
  tanh,
  softmax,
  log_softmax,
  // The textbook catalogue (issue 4): LeNet-5's classic layers, AlexNet's LRN, and the activations of seed 001.
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
];

const byName = new Map<string, LayerKind>();
for (const kind of layerKinds) {
  byName.set(kind.name, kind);
  for (const alias of kind.aliases ?? []) byName.set(alias, kind);
}

/** The kind with this exact name or alias (including internal kinds, for emitters reading `LayerNode.kind`). */
export function getLayerKind(name: string): LayerKind | undefined {
  return byName.get(name);
}

/** Whether the language accepts this name as a layer call (a kind, an alias or a rank-generic name). */
export function isCallableLayerName(name: string): boolean {
  const kind = byName.get(name);
  if (kind !== undefined) return kind.internal !== true;
  return layerKinds.some((k) => k.generic === name);
}

/**
 * The kind a call names for an input of the given rank: `maxpool` on [C, H, W] is
 * maxpool2d. For a generic name with no kind of that rank, the first variant is returned
 * (its rank check then reports the problem). Internal kinds are not callable.
 */
export function resolveLayerCall(name: string, inputRank: number): LayerKind | undefined {
  const direct = byName.get(name);
  if (direct !== undefined) return direct.internal === true ? undefined : direct;
  const variants = layerKinds.filter((k) => k.generic === name);
  return variants.find((k) => k.inputRanks?.includes(inputRank)) ?? variants[0];
}

/** Every name a user may call, for did-you-mean and completion. */
export function callableLayerNames(): string[] {
  const names = new Set<string>();
  for (const kind of layerKinds) {
    if (kind.internal === true) continue;
    names.add(kind.name);
    for (const alias of kind.aliases ?? []) names.add(alias);
    if (kind.generic !== undefined) names.add(kind.generic);
  }
  return [...names];
}
