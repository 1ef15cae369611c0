import type { LayerNode, ModelIR } from "../../ir/ir.js";
import { planModel, type ModelPlan } from "../loops/plan.js";

/**
 * The memory map of a compiled model, decided before any code is emitted so that every
 * address in the module is a constant. One WebAssembly.Memory holds:
 *
 *   fixed part (shared by all threads, absolute addresses)
 *     params · grads (the first thread's, and the sum) · state · optimizer slots · constants
 *   one region per thread, at a base the JavaScript wrapper passes in (`bind`)
 *     header: its random state · per-thread scratch · the transient area (im2col
 *             columns), shared by every node
 *     records: one per sample of the thread's share, `record.bytes` apart
 *   a gradient arena per thread after the first (which writes into `grads` itself)
 *
 * Tensors are laid out as the loops backend lays them (same order, same float offsets),
 * so `params`, `grads`, `state` and `optimizerState` are the loops backend's arenas and
 * checkpoints move between the two backends unchanged.
 */

/** Scratch requested by the emitters, collected by a first emission pass. */
export interface ScratchRequests {
  perSample: Map<string, number>;
  perThread: Map<string, number>;
  transient: number;
  constants: Map<string, { values: readonly number[]; type: "f32" | "i32" }>;
}

export interface RecordLayout {
  bytes: number;
  input: number;
  /** A class index (i32) or `outputs` float targets. */
  labels: number;
  activation: Map<string, number>;
  gradient: Map<string, number>;
  scratch: Map<string, number>;
}

export interface HeaderLayout {
  bytes: number;
  random: number;
  scratch: Map<string, number>;
  transient: number;
}

export interface MemoryLayout {
  params: number;
  grads: number;
  state: number;
  optimizer: number;
  constants: Map<string, number>;
  /** Contents of the constant tables, copied into place by the module's `init`. */
  constantBytes: Uint8Array;
  constantsStart: number;
  /** Bytes of the fixed part: the first thread region starts here. */
  fixedBytes: number;
  /** Bytes of one thread's gradient arena (threads after the first). */
  gradientBytes: number;
  record: RecordLayout;
  header: HeaderLayout;
}

export interface WasmPlan extends ModelPlan {
  /** Nodes whose output is their input's memory (flatten, reshape). */
  views: Set<string>;
  /** Views whose gradient is also their input's gradient: nothing to emit for them. */
  sharedGradient: Set<string>;
  /** Nodes (and "input") that have a gradient buffer. */
  gradientIds: string[];
  /** Optimizer slots per parameter value. */
  optimizerSlots: number;
}

export const align = (bytes: number, to = 16) => Math.ceil(bytes / to) * to;

export function planWasmModel(
  model: ModelIR,
  options: {
    inputGradients: boolean;
    isView: (node: LayerNode) => boolean;
    optimizerSlots: number;
  },
): WasmPlan {
  const base = planModel(model, options.inputGradients);
  const views = new Set<string>();
  const sharedGradient = new Set<string>();
  for (const node of model.nodes) {
    if (!options.isView(node) || node.inputs.length !== 1) continue;
    views.add(node.id);
    if ((base.uses.get(node.inputs[0]!) ?? 0) === 1) sharedGradient.add(node.id);
  }
  const gradientIds = model.nodes
    .filter((n) => base.needsGradient.get(n.id) === true || n === base.outputNode)
    .map((n) => n.id);
  if (options.inputGradients) gradientIds.unshift("input");
  return { ...base, views, sharedGradient, gradientIds, optimizerSlots: options.optimizerSlots };
}

/** The memory map, once the emitters' scratch requests are known. */
export function layoutMemory(plan: WasmPlan, requests: ScratchRequests): MemoryLayout {
  const P = plan.paramCount * 4;
  const params = 64;
  const grads = align(params + P);
  const state = align(grads + P);
  const optimizer = align(state + plan.bufferCount * 4);
  const constantsStart = align(optimizer + plan.optimizerSlots * P);
  const constants = new Map<string, number>();
  const chunks: { at: number; bytes: Uint8Array }[] = [];
  let at = constantsStart;
  for (const [key, table] of requests.constants) {
    constants.set(key, at);
    const bytes = new Uint8Array(table.values.length * 4);
    const view = new DataView(bytes.buffer);
    table.values.forEach((v, i) =>
      table.type === "i32" ? view.setInt32(4 * i, v, true) : view.setFloat32(4 * i, v, true),
    );
    chunks.push({ at, bytes });
    at = align(at + bytes.length);
  }
  const constantBytes = new Uint8Array(at - constantsStart);
  for (const chunk of chunks) constantBytes.set(chunk.bytes, chunk.at - constantsStart);
  const fixedBytes = align(at, 64);

  // records: input, labels, each node's output (views share their input's), gradients, scratch
  const outputs = plan.sizes.get(plan.outputNode.id)!;
  let r = 0;
  const take = (bytes: number) => {
    const offset = r;
    r = align(r + bytes);
    return offset;
  };
  const input = take(plan.sizes.get("input")! * 4);
  const labels = take(Math.max(1, outputs) * 4);
  const activation = new Map<string, number>([["input", input]]);
  for (const node of plan.model.nodes) {
    activation.set(
      node.id,
      plan.views.has(node.id)
        ? activation.get(node.inputs[0]!)!
        : take(plan.sizes.get(node.id)! * 4),
    );
  }
  const gradient = new Map<string, number>();
  for (const id of plan.gradientIds) {
    const node = plan.model.nodes.find((n) => n.id === id);
    const shared = node !== undefined && plan.sharedGradient.has(id);
    // a shared view's gradient is its input's, which comes earlier in gradientIds
    // (or is "input"); give the input its buffer first when it is not listed yet
    if (shared) {
      const from = node.inputs[0]!;
      if (!gradient.has(from)) gradient.set(from, take(plan.sizes.get(from)! * 4));
      gradient.set(id, gradient.get(from)!);
    } else if (!gradient.has(id)) {
      gradient.set(id, take(plan.sizes.get(id)! * 4));
    }
  }
  const recordScratch = new Map<string, number>();
  for (const [key, bytes] of requests.perSample) recordScratch.set(key, take(bytes));
  const record: RecordLayout = {
    bytes: align(r, 16),
    input,
    labels,
    activation,
    gradient,
    scratch: recordScratch,
  };

  let h = 0;
  const takeHeader = (bytes: number) => {
    const offset = h;
    h = align(h + bytes);
    return offset;
  };
  const random = takeHeader(16);
  const headerScratch = new Map<string, number>();
  for (const [key, bytes] of requests.perThread) headerScratch.set(key, takeHeader(bytes));
  const transient = takeHeader(requests.transient);
  const header: HeaderLayout = {
    bytes: align(h, 64),
    random,
    scratch: headerScratch,
    transient,
  };
  return {
    params,
    grads,
    state,
    optimizer,
    constants,
    constantBytes,
    constantsStart,
    fixedBytes,
    gradientBytes: align(P, 64),
    record,
    header,
  };
}
