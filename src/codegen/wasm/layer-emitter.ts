import type { Attrs, LayerNode } from "../../ir/ir.js";
import type { Unsupported } from "../registry.js";
import type { Expr, WatFunction } from "./wat.js";

/**
 * How a layer kind emits WebAssembly for the compiled CPU backend: the WebAssembly twin
 * of ../loops/layer-emitter.ts. The registry (./kinds/index.ts) maps every kind name to
 * an emitter or to the reason it is not supported; the backend calls `forward` and
 * `backward` once per IR node and wraps what they return in the functions
 * `$forward_<id>` and `$backward_<id>` of the model's module.
 *
 * Memory (all addresses are bytes; README.md draws the map):
 * - Samples live in *records*, one per sample, `ctx.recordBytes` apart: a record holds
 *   the sample's input, its label, every node's output and output gradient, and
 *   per-sample scratch. Record s starts at `ctx.records + s·recordBytes`; `input()`,
 *   `output()`, `outputGrad()`, `inputGrad()` and per-sample `scratch()` are offsets
 *   inside a record. A record holds every value of one sample channels-first, so a
 *   node's output for sample s is `[C, H, W]` contiguous from its offset.
 * - Parameters, buffers and constant tables have absolute addresses (`param`, `buffer`,
 *   `constant`). Parameter gradients are offsets from `ctx.grads`, the gradient arena of
 *   the calling thread.
 * - Per-thread scratch that is not per sample (`scratch()` without perSample,
 *   `transient()`) is an offset from `ctx.thread`.
 * Every offset is a constant of the model; only the record, thread and gradient bases
 * are values (one per thread), so each thread runs the same code on its own share.
 *
 * Conventions are those of the loops backend: forward writes the output of samples
 * [0, n); backward overwrites parameter gradients and overwrites input gradients unless
 * `accumulatesInputGrad(i)` (an input read by several nodes), when it adds to them.
 */
export interface WasmEmitContext {
  /** The function being emitted: declare locals and labels through it. */
  readonly fn: WatFunction;
  /** i32 expression: the number of samples of this call (this thread's share). */
  readonly n: Expr;
  /** i32 expression: the address of sample 0's record. */
  readonly records: Expr;
  /** Bytes from one record to the next. */
  readonly recordBytes: number;
  input(i?: number): number;
  output(): number;
  outputGrad(): number;
  /** Offset of input i's gradient, or undefined when nothing upstream needs it: skip the work then. */
  inputGrad(i?: number): number | undefined;
  accumulatesInputGrad(i?: number): boolean;
  /** Absolute address of a parameter tensor. */
  param(name: string): number;
  /** Offset (from `grads`) of a parameter's gradient, or undefined when it is frozen. */
  paramGrad(name: string): number | undefined;
  /** i32 expression: this thread's gradient arena. */
  readonly grads: Expr;
  /** Absolute address of a buffer tensor (running statistics). */
  buffer(name: string): number;
  /**
   * Scratch memory that lives as long as the model: per sample (an offset in each
   * record: max-pool winners, dropout masks) or per thread (an offset from `thread`:
   * batch-norm statistics).
   */
  scratch(name: string, bytes: number, options?: { perSample?: boolean }): number;
  /** Per-thread memory valid only during this call (im2col columns): an offset from `thread`, shared by all nodes. */
  transient(bytes: number): number;
  /** i32 expression: this thread's scratch area. */
  readonly thread: Expr;
  /** Absolute address of a constant table, filled once when the model is created. */
  constant(name: string, values: readonly number[], type?: "f32" | "i32"): number;
  /** i32 expression (forward only): 1 in a training pass. */
  readonly training: Expr;
  /** i32 expression: 1 in the first thread, which alone updates running statistics. */
  readonly firstThread: Expr;
  /** f32 expression: a uniform random number in [0, 1) from this thread's generator. */
  random(): Expr;
  /** Whether the module may use relaxed-SIMD fused multiply-add. */
  readonly relaxed: boolean;
  /**
   * The batch the module is compiled for (the train section's, unless the package was
   * built for another). A transient buffer sized by the batch holds this many samples;
   * a kernel using one checks `n` against it and takes another path for larger calls,
   * which a model constructed with a larger batch may make.
   */
  readonly maxBatch: number;
}

export interface WasmLayerEmitter<A extends Attrs = Attrs> {
  /**
   * Why this node (its shapes or options) cannot be compiled, or undefined. Checked for
   * every node before any code is emitted, so an unsupported model fails at compile time
   * with this reason, never with a trap at run time.
   */
  unsupported?(node: LayerNode<A>): string | undefined;
  /**
   * The node's output is its input reinterpreted (flatten, reshape): the plan gives both
   * the same memory and `forward`/`backward` are not called when the gradient can be
   * shared too.
   */
  view?: boolean;
  forward(node: LayerNode<A>, ctx: WasmEmitContext): string;
  backward(node: LayerNode<A>, ctx: WasmEmitContext): string;
}

/** A registry entry: an emitter, or why the kind has none. */
export type WasmRegistryEntry = WasmLayerEmitter | Unsupported;
