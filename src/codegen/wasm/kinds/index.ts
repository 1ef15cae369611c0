import type { LayerNode } from "../../../ir/ir.js";
import { layerKinds } from "../../../semantics/layers/index.js";
import type { WasmLayerEmitter, WasmRegistryEntry } from "../layer-emitter.js";
import { addWasm } from "./add.js";
import { batchNormWasm } from "./batchnorm.js";
import { convolutionWasm } from "./conv2d.js";
import { denseWasm } from "./dense.js";
import { avgPoolWasm, globalAvgPoolWasm, maxPoolWasm } from "./pooling.js";
import { reluWasm } from "./relu.js";
import { viewWasm } from "./view.js";

/**
 * The WebAssembly emitter of every layer kind, by kind name, or the reason a kind has
 * none. Every kind of the language has an entry (a test walks `layerKinds`), so a new
 * kind is either compiled or refused with its reason at compile time.
 */
export const wasmKinds: Readonly<Record<string, WasmRegistryEntry>> = {
  dense: denseWasm,
  conv1d: convolutionWasm,
  conv2d: convolutionWasm,
  maxpool1d: maxPoolWasm,
  maxpool2d: maxPoolWasm,
  avgpool1d: avgPoolWasm,
  avgpool2d: avgPoolWasm,
  global_avgpool: globalAvgPoolWasm,
  flatten: viewWasm,
  reshape: viewWasm,
  relu: reluWasm,
  batchnorm: batchNormWasm,
  add: addWasm,
};

/** The emitter for a node, or why it cannot be compiled (its kind, or this node's shapes or options). */
export function wasmEmitterFor(node: LayerNode): WasmLayerEmitter | { unsupported: string } {
  const entry = wasmKinds[node.kind];
  if (entry === undefined)
    return { unsupported: `layer kind ${node.kind} has no WebAssembly kernels` };
  if ("unsupported" in entry && typeof entry.unsupported === "string")
    return { unsupported: entry.unsupported };
  const emitter = entry as WasmLayerEmitter;
  const reason = emitter.unsupported?.(node);
  return reason === undefined ? emitter : { unsupported: reason };
}

/** Kind names of the language without an entry (a test keeps this empty). */
export function kindsWithoutWasmEntry(): string[] {
  return layerKinds.map((k) => k.name).filter((name) => !(name in wasmKinds));
}
