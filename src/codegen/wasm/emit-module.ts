import type { Span } from "../../diagnostics/span.js";
import type { LayerNode, ModelIR, TrainIR } from "../../ir/ir.js";
import { watCommentText } from "../common/escape.js";
import { sourceComment } from "../loops/emit-model.js";
import type { SourceLookup } from "../common/sources.js";
import { identifierPart } from "../loops/plan.js";
import { loopsOptimizers } from "../loops/optimizers.js";
import { NodeContext } from "./context.js";
import { mathFunctions } from "./kernels/math.js";
import { zeroRecordTensor } from "./kernels/records.js";
import { wasmEmitterFor } from "./registry.js";
import type { WasmLayerEmitter } from "./layer-emitter.js";
import { wasmLosses } from "./losses.js";
import {
  layoutMemory,
  planWasmModel,
  type MemoryLayout,
  type ScratchRequests,
  type WasmPlan,
} from "./plan.js";
import { stepFunction } from "./step.js";
import { get, set, WatFunction } from "./wat.js";

/**
 * The WebAssembly module of one model, as text: the memory map (./plan.ts), one
 * function per node and direction (from the kind's emitter), and the exports the
 * generated model class calls:
 *
 *   bind(thread index, region base, records base, gradient base)   a thread's memory
 *   init()                          copies the constant tables into place (once)
 *   forward(n, training)  backward(n)  loss(n, dense, scale) → mean loss
 *   step(lr, t, c1, c2, training set size)
 *   reduce(from, to, others, first other arena, arena stride)   sums the threads' gradients
 *   forward_<id>, backward_<id>     each node alone (profiling)
 */

/** A model the backend cannot compile, with the source it points at (the layer, or the model). */
export class UnsupportedModelError extends Error {
  override readonly name = "UnsupportedModelError";
  constructor(
    readonly span: Span,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface CompiledModule {
  text: string;
  plan: WasmPlan;
  layout: MemoryLayout;
  lossName: string;
  lossLabels: "class" | "target";
}

export interface ModuleEmitInput {
  model: ModelIR;
  train: TrainIR;
  sources: SourceLookup;
  relaxed: boolean;
  inputGradients: boolean;
  /** The batch the module is compiled for: the capacity of its batch-sized transient buffers. */
  maxBatch: number;
}

/** The emitter of every node, or the first node the backend cannot compile (and why). */
export function emittersOf(model: ModelIR): Map<string, WasmLayerEmitter> {
  const emitters = new Map<string, WasmLayerEmitter>();
  for (const node of model.nodes) {
    const found = wasmEmitterFor(node);
    if ("forward" in found) emitters.set(node.id, found);
    else
      throw new UnsupportedModelError(node.span, `${node.id} (${node.kind}): ${found.unsupported}`);
  }
  return emitters;
}

function shapes(node: LayerNode): string {
  return `[${node.inputShapes.map((s) => s.join(", ")).join("] + [")}] → [${node.outputShape.join(", ")}]`;
}

function nodeFunctions(
  input: ModuleEmitInput,
  plan: WasmPlan,
  emitters: Map<string, WasmLayerEmitter>,
  requests: ScratchRequests,
  layout: MemoryLayout | undefined,
): { functions: string[]; forwardCalls: string[]; backwardCalls: string[] } {
  const functions: string[] = [];
  const forwardCalls: string[] = [];
  const backwardCalls: string[] = [];
  for (const node of plan.model.nodes) {
    const emitter = emitters.get(node.id)!;
    const part = identifierPart(node.id);
    // the .net line and its place, escaped for WebAssembly text around netc's own " — "
    const written = sourceComment(node.span, input.sources)
      .split(" — ")
      .map(watCommentText)
      .join(" — ");
    const comment = `;; ${watCommentText(node.id)}: ${written}. ${shapes(node)}`;
    if (!plan.views.has(node.id)) {
      const fn = new WatFunction(
        `forward_${part}`,
        [
          ["n", "i32"],
          ["training", "i32"],
        ],
        undefined,
        `forward_${part}`,
      );
      const ctx = new NodeContext(fn, node, plan, requests, layout, input.relaxed, input.maxBatch);
      functions.push(`${comment}\n${fn.toText(emitter.forward(node, ctx))}`);
      forwardCalls.push(`(call $forward_${part} (local.get $n) (local.get $training))`);
    }
    const needsBackward =
      plan.needsGradient.get(node.id) === true && !plan.sharedGradient.has(node.id);
    if (needsBackward) {
      const fn = new WatFunction(`backward_${part}`, [["n", "i32"]], undefined, `backward_${part}`);
      const ctx = new NodeContext(fn, node, plan, requests, layout, input.relaxed, input.maxBatch);
      functions.push(`${comment} (gradients)\n${fn.toText(emitter.backward(node, ctx))}`);
      backwardCalls.unshift(`(call $backward_${part} (local.get $n))`);
    }
  }
  return { functions, forwardCalls, backwardCalls };
}

/** Zeroes the gradients that several nodes add into (an activation read twice: residual joins). */
function clearFunction(plan: WasmPlan, layout: MemoryLayout, relaxed: boolean): string {
  const fn = new WatFunction("clear_sums", [["n", "i32"]]);
  const parts: string[] = [];
  const ids = ["input", ...plan.model.nodes.map((n) => n.id)];
  for (const id of ids) {
    if ((plan.uses.get(id) ?? 0) <= 1 || plan.needsGradient.get(id) !== true) continue;
    const node = plan.model.nodes[0]!;
    const ctx = new NodeContext(fn, node, plan, emptyRequests(), layout, relaxed, 1);
    parts.push(zeroRecordTensor(ctx, plan.sizes.get(id)!, layout.record.gradient.get(id)!));
  }
  return fn.toText(parts.join("\n"));
}

function emptyRequests(): ScratchRequests {
  return { perSample: new Map(), perThread: new Map(), transient: 0, constants: new Map() };
}

function lossFunction(
  input: ModuleEmitInput,
  plan: WasmPlan,
  layout: MemoryLayout,
): { text: string; name: string; labels: "class" | "target" } {
  const name = input.train.loss.name;
  const loss = wasmLosses[name];
  if (loss === undefined)
    throw new UnsupportedModelError(input.train.loss.span, `loss "${name}" is not supported`);
  const fn = new WatFunction(
    "loss",
    [
      ["n", "i32"],
      ["dense", "i32"],
      ["scale", "f64"],
    ],
    "f64",
    "loss",
  );
  fn.local("total", "f64");
  const body = loss.emit(
    {
      fn,
      outputs: plan.sizes.get(plan.outputNode.id)!,
      logits: layout.record.activation.get(plan.outputNode.id)!,
      gradient: layout.record.gradient.get(plan.outputNode.id)!,
      labels: layout.record.labels,
      recordBytes: layout.record.bytes,
    },
    input.train.loss.args,
  );
  return {
    text: fn.toText(`${set("total", "(f64.const 0)")}\n${body}\n${get("total")}`),
    name,
    labels: loss.labels,
  };
}

/** The gradient sum of the threads: arena bytes [from, to) += each other thread's, in thread order. */
function reduceFunction(layout: MemoryLayout): string {
  const fn = new WatFunction(
    "reduce",
    [
      ["from", "i32"],
      ["to", "i32"],
      ["others", "i32"],
      ["first", "i32"],
      ["stride", "i32"],
    ],
    undefined,
    "reduce",
  );
  fn.local("sum", "v128");
  fn.local("region", "i32");
  const body = fn.forLoop(
    "q",
    "(local.get $from)",
    "(local.get $to)",
    `${set("sum", `(v128.load offset=${layout.grads} (local.get $q))`)}
    ${set("region", "(local.get $first)")}
    ${fn.forLoop(
      "w",
      0,
      "(local.get $others)",
      `${set("sum", `(f32x4.add (local.get $sum) (v128.load (i32.add (local.get $region) (local.get $q))))`)}
      ${set("region", "(i32.add (local.get $region) (local.get $stride))")}`,
    )}
    (v128.store offset=${layout.grads} (local.get $q) (local.get $sum))`,
    16,
  );
  return fn.toText(body);
}

/** Uniform in [0, 1): mulberry32 on this thread's state, the loops reference's generator. */
function randomFunction(layout: MemoryLayout): string {
  return `(func $random (result f64) (local $at i32) (local $t i32)
    (local.set $at (i32.add (global.get $thread) (i32.const ${layout.header.random})))
    (local.set $t (i32.add (i32.load (local.get $at)) (i32.const 0x6d2b79f5)))
    (i32.store (local.get $at) (local.get $t))
    (local.set $t (i32.mul (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 15))) (i32.or (local.get $t) (i32.const 1))))
    (local.set $t (i32.xor (local.get $t) (i32.add (local.get $t)
      (i32.mul (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 7))) (i32.or (local.get $t) (i32.const 61))))))
    (f64.div (f64.convert_i32_u (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 14)))) (f64.const 4294967296)))`;
}

/** Bytes as a WAT string literal. */
function dataString(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += `\\${b.toString(16).padStart(2, "0")}`;
  return `"${out}"`;
}

/**
 * The module's two builds, plain SIMD and relaxed SIMD, over one memory map. The map is
 * laid out from the scratch both builds ask for (a kernel's buffers may depend on its
 * tile, and tiles on the build): the JavaScript wrapper places records and buffers by one
 * map whichever binary it loads, so a build must never reach past it.
 */
export function emitModuleTexts(input: Omit<ModuleEmitInput, "relaxed">): {
  plain: CompiledModule;
  relaxed: CompiledModule;
} {
  const emitters = emittersOf(input.model);
  const optimizerName = input.train.optimizer.name;
  const optimizer = loopsOptimizers[optimizerName];
  if (optimizer === undefined)
    throw new UnsupportedModelError(
      input.train.optimizer.span,
      `optimizer "${optimizerName}" is not supported`,
    );
  const plan = planWasmModel(input.model, {
    inputGradients: input.inputGradients,
    isView: (node) => emitters.get(node.id)?.view === true,
    optimizerSlots: optimizer.slots(input.train.optimizer.args).length,
  });
  // pass 1, once per build: collect scratch requests; pass 2: emit each build with the map
  const builds = [false, true].map((relaxed) => ({ ...input, relaxed }));
  const requests = mergeRequests(
    builds.map((build) => {
      const own = emptyRequests();
      nodeFunctions(build, plan, emitters, own, undefined);
      return own;
    }),
  );
  const layout = layoutMemory(plan, requests);
  const [plain, relaxed] = builds.map((build) => moduleText(build, plan, emitters, layout));
  return { plain: plain!, relaxed: relaxed! };
}

/** Every request of every build: the larger size where two builds ask for the same scratch. */
function mergeRequests(all: readonly ScratchRequests[]): ScratchRequests {
  const merged = emptyRequests();
  for (const one of all) {
    for (const kind of ["perSample", "perThread"] as const)
      for (const [key, bytes] of one[kind])
        merged[kind].set(key, Math.max(bytes, merged[kind].get(key) ?? 0));
    merged.transient = Math.max(merged.transient, one.transient);
    for (const [key, table] of one.constants) {
      const known = merged.constants.get(key);
      if (known !== undefined && JSON.stringify(known) !== JSON.stringify(table))
        throw new Error(`wasm backend: constant ${key} differs between the builds`);
      merged.constants.set(key, table);
    }
  }
  return merged;
}

function moduleText(
  input: ModuleEmitInput,
  plan: WasmPlan,
  emitters: Map<string, WasmLayerEmitter>,
  layout: MemoryLayout,
): CompiledModule {
  // the requests were collected in pass 1; these only satisfy the context's bookkeeping
  const { functions, forwardCalls, backwardCalls } = nodeFunctions(
    input,
    plan,
    emitters,
    emptyRequests(),
    layout,
  );
  const loss = lossFunction(input, plan, layout);
  const constants =
    layout.constantBytes.length === 0
      ? ""
      : `(data $constants ${dataString(layout.constantBytes)})`;
  const text = `(module
  ;; ${watCommentText(input.model.name)}, compiled by netc: every size and address below is a constant of the model.
  ;; memory map: params @${layout.params}, grads @${layout.grads}, state @${layout.state}, optimizer @${layout.optimizer},
  ;; constants @${layout.constantsStart}; thread regions from @${layout.fixedBytes}: header ${layout.header.bytes} bytes, then records of ${layout.record.bytes} bytes
  (import "env" "memory" (memory 1 65536 shared))
  (import "math" "exp" (func $math_exp (param f64) (result f64)))
  (import "math" "log" (func $math_log (param f64) (result f64)))
  (import "math" "log1p" (func $math_log1p (param f64) (result f64)))
  (import "math" "tanh" (func $math_tanh (param f64) (result f64)))
  (import "math" "cos" (func $math_cos (param f64) (result f64)))
  (global $thread_index (mut i32) (i32.const 0))
  (global $thread (mut i32) (i32.const 0))
  (global $records (mut i32) (i32.const 0))
  (global $grads (mut i32) (i32.const 0))
  ${constants}
  (func $bind (export "bind") (param $index i32) (param $thread i32) (param $records i32) (param $grads i32)
    (global.set $thread_index (local.get $index))
    (global.set $thread (local.get $thread))
    (global.set $records (local.get $records))
    (global.set $grads (local.get $grads)))
  (func $init (export "init")
    ${layout.constantBytes.length === 0 ? "" : `(memory.init $constants (i32.const ${layout.constantsStart}) (i32.const 0) (i32.const ${layout.constantBytes.length}))`})
  ${randomFunction(layout)}
  ${mathFunctions}
  ${functions.join("\n")}
  (func $forward (export "forward") (param $n i32) (param $training i32)
    (if (i32.eqz (local.get $n)) (then (return)))
    ${forwardCalls.join("\n")})
  ${clearFunction(plan, layout, input.relaxed)}
  (func $backward (export "backward") (param $n i32)
    (if (i32.eqz (local.get $n)) (then (return)))
    (call $clear_sums (local.get $n))
    ${backwardCalls.join("\n")})
  ${loss.text}
  ${stepFunction(plan, layout, input.train)}
  ${reduceFunction(layout)}
)`;
  return { text, plan, layout, lossName: loss.name, lossLabels: loss.labels };
}
