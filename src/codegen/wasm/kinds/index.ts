import type { LayerNode } from "../../../ir/ir.js";
import { layerKinds } from "../../../semantics/layers/index.js";
import type { WasmLayerEmitter, WasmRegistryEntry } from "../layer-emitter.js";
import { adaptiveAvgPoolWasm } from "./adaptive_avgpool.js";
import { addWasm } from "./add.js";
import { avgpool1dWasm } from "./avgpool1d.js";
import { avgpool2dWasm } from "./avgpool2d.js";
import { batchNormWasm } from "./batchnorm.js";
import { conv1dWasm } from "./conv1d.js";
import { conv2dWasm } from "./conv2d.js";
import { connectionTableWasm } from "./conv2d_table.js";
import { denseWasm } from "./dense.js";
import { dropoutWasm } from "./dropout.js";
import { eluWasm } from "./elu.js";
import { flattenWasm } from "./flatten.js";
import { globalAvgPoolWasm } from "./global_avgpool.js";
import { leakyReluWasm } from "./leaky_relu.js";
import { logSoftmaxWasm } from "./log_softmax.js";
import { lrnWasm } from "./lrn.js";
import { maxoutWasm } from "./maxout.js";
import { maxpool1dWasm } from "./maxpool1d.js";
import { maxpool2dWasm } from "./maxpool2d.js";
import { noiseWasm } from "./noise.js";
import { preluWasm } from "./prelu.js";
import { rbfWasm } from "./rbf.js";
import { reluWasm } from "./relu.js";
import { reshapeWasm } from "./reshape.js";
import { sigmoidWasm } from "./sigmoid.js";
import { softmaxWasm } from "./softmax.js";
import { subsampleWasm } from "./subsample.js";
import { tanhWasm } from "./tanh.js";
import { zeroPadWasm } from "./zeropad2d.js";

/**
 * The layer kinds of the language, by name. Until the layer registry carries a type of its
 * names, this list stands in for it: the registry below must have an entry for each (the
 * type checker enforces it) and a test keeps the list equal to src/semantics/layers/.
 */
export const wasmKindNames = [
  "dense",
  "conv1d",
  "conv2d",
  "maxpool1d",
  "maxpool2d",
  "avgpool1d",
  "avgpool2d",
  "global_avgpool",
  "zeropad2d",
  "flatten",
  "reshape",
  "dropout",
  "batchnorm",
  "relu",
  "sigmoid",
  "tanh",
  "softmax",
  "log_softmax",
  "conv2d_table",
  "subsample",
  "rbf",
  "lrn",
  "adaptive_avgpool",
  "maxout",
  "prelu",
  "leaky_relu",
  "elu",
  "noise",
  "add",
] as const;

export type WasmKindName = (typeof wasmKindNames)[number];

/**
 * The WebAssembly emitter of every layer kind, or the reason a kind has none: a kind is
 * either compiled or refused with its reason at compile time.
 */
export const wasmKinds: { readonly [K in WasmKindName]: WasmRegistryEntry } = {
  dense: denseWasm,
  conv1d: conv1dWasm,
  conv2d: conv2dWasm,
  maxpool1d: maxpool1dWasm,
  maxpool2d: maxpool2dWasm,
  avgpool1d: avgpool1dWasm,
  avgpool2d: avgpool2dWasm,
  global_avgpool: globalAvgPoolWasm,
  flatten: flattenWasm,
  reshape: reshapeWasm,
  zeropad2d: zeroPadWasm,
  dropout: dropoutWasm,
  batchnorm: batchNormWasm,
  relu: reluWasm,
  sigmoid: sigmoidWasm,
  tanh: tanhWasm,
  softmax: softmaxWasm,
  log_softmax: logSoftmaxWasm,
  conv2d_table: connectionTableWasm,
  subsample: subsampleWasm,
  rbf: rbfWasm,
  lrn: lrnWasm,
  adaptive_avgpool: adaptiveAvgPoolWasm,
  maxout: maxoutWasm,
  prelu: preluWasm,
  leaky_relu: leakyReluWasm,
  elu: eluWasm,
  noise: noiseWasm,
  add: addWasm,
};

/** The emitter for a node, or why it cannot be compiled (its kind, or this node's shapes or options). */
export function wasmEmitterFor(node: LayerNode): WasmLayerEmitter | { unsupported: string } {
  const entry = (wasmKinds as Readonly<Record<string, WasmRegistryEntry>>)[node.kind];
  if (entry === undefined)
    return { unsupported: `layer kind ${node.kind} has no WebAssembly kernels` };
  if ("unsupported" in entry && typeof entry.unsupported === "string")
    return { unsupported: entry.unsupported };
  const emitter = entry as WasmLayerEmitter;
  const reason = emitter.unsupported?.(node);
  return reason === undefined ? emitter : { unsupported: reason };
}

/** Kind names of the language missing from `wasmKindNames`, and names there that are no kind (a test keeps both empty). */
export function kindsWithoutWasmEntry(): string[] {
  const language = layerKinds.map((k) => k.name);
  const listed = new Set<string>(wasmKindNames);
  return [
    ...language.filter((name) => !listed.has(name)),
    ...wasmKindNames
      .filter((name) => !language.includes(name))
      .map((name) => `${name} (not a kind)`),
  ];
}
