import type { LayerNode } from "../../ir/ir.js";
import {
  isLayerKindName,
  type LayerKindName,
  type ResolvedAttrsOf,
} from "../../layers/definitions.js";
import { adaptiveAvgpoolWasm } from "../../layers/adaptive_avgpool/wasm.js";
import { addWasm } from "../../layers/add/wasm.js";
import { avgpool1dWasm } from "../../layers/avgpool1d/wasm.js";
import { avgpool2dWasm } from "../../layers/avgpool2d/wasm.js";
import { batchnormWasm } from "../../layers/batchnorm/wasm.js";
import { conv1dWasm } from "../../layers/conv1d/wasm.js";
import { conv2dTableWasm } from "../../layers/conv2d_table/wasm.js";
import { conv2dWasm } from "../../layers/conv2d/wasm.js";
import { denseWasm } from "../../layers/dense/wasm.js";
import { dropoutWasm } from "../../layers/dropout/wasm.js";
import { eluWasm } from "../../layers/elu/wasm.js";
import { flattenWasm } from "../../layers/flatten/wasm.js";
import { globalAvgpoolWasm } from "../../layers/global_avgpool/wasm.js";
import { groupnormWasm } from "../../layers/groupnorm/wasm.js";
import { leakyReluWasm } from "../../layers/leaky_relu/wasm.js";
import { logSoftmaxWasm } from "../../layers/log_softmax/wasm.js";
import { lrnWasm } from "../../layers/lrn/wasm.js";
import { maxoutWasm } from "../../layers/maxout/wasm.js";
import { maxpool1dWasm } from "../../layers/maxpool1d/wasm.js";
import { maxpool2dWasm } from "../../layers/maxpool2d/wasm.js";
import { noiseWasm } from "../../layers/noise/wasm.js";
import { preluWasm } from "../../layers/prelu/wasm.js";
import { rbfWasm } from "../../layers/rbf/wasm.js";
import { reluWasm } from "../../layers/relu/wasm.js";
import { reshapeWasm } from "../../layers/reshape/wasm.js";
import { sigmoidWasm } from "../../layers/sigmoid/wasm.js";
import { softmaxWasm } from "../../layers/softmax/wasm.js";
import { subsampleWasm } from "../../layers/subsample/wasm.js";
import { tanhWasm } from "../../layers/tanh/wasm.js";
import { zeropad2dWasm } from "../../layers/zeropad2d/wasm.js";
import { isUnsupported, type Unsupported } from "../registry.js";
import type { WasmLayerEmitter, WasmRegistryEntry } from "./layer-emitter.js";

/** The WebAssembly backend's kernels for every layer kind (src/layers/<kind>/wasm.ts); a kind left out does not compile. */
export const wasmRegistry: {
  readonly [K in LayerKindName]: WasmLayerEmitter<ResolvedAttrsOf<K>> | Unsupported;
} = {
  dense: denseWasm,
  conv1d: conv1dWasm,
  conv2d: conv2dWasm,
  maxpool1d: maxpool1dWasm,
  maxpool2d: maxpool2dWasm,
  avgpool1d: avgpool1dWasm,
  avgpool2d: avgpool2dWasm,
  global_avgpool: globalAvgpoolWasm,
  zeropad2d: zeropad2dWasm,
  flatten: flattenWasm,
  reshape: reshapeWasm,
  dropout: dropoutWasm,
  batchnorm: batchnormWasm,
  groupnorm: groupnormWasm,
  relu: reluWasm,
  sigmoid: sigmoidWasm,
  tanh: tanhWasm,
  softmax: softmaxWasm,
  log_softmax: logSoftmaxWasm,
  conv2d_table: conv2dTableWasm,
  subsample: subsampleWasm,
  rbf: rbfWasm,
  lrn: lrnWasm,
  adaptive_avgpool: adaptiveAvgpoolWasm,
  maxout: maxoutWasm,
  prelu: preluWasm,
  leaky_relu: leakyReluWasm,
  elu: eluWasm,
  noise: noiseWasm,
  add: addWasm,
};

/** The emitter for a node, or why it cannot be compiled (its kind, or this node's shapes or options). */
export function wasmEmitterFor(node: LayerNode): WasmLayerEmitter | { unsupported: string } {
  if (!isLayerKindName(node.kind))
    throw new Error(`wasm backend: the IR names no layer kind '${node.kind}'`);
  const entry: WasmRegistryEntry = wasmRegistry[node.kind];
  if (isUnsupported(entry)) return { unsupported: entry.unsupported };
  const emitter = entry;
  const reason = emitter.unsupported?.(node);
  return reason === undefined ? emitter : { unsupported: reason };
}
