import type { Attrs, LayerNode } from "../../ir/ir.js";

/**
 * How a layer kind emits plain-loops code: src/layers/<kind>/loops.ts, listed in
 * ./registry.ts. The loops backend (./emit-model.ts) calls it once per IR node, with the
 * node's attributes typed as the kind's definition resolves them, and wraps the returned
 * statements in a method of the generated model class.
 *
 * Conventions of the emitted code (see ./README.md for the full picture):
 * - Arrays are Float32Array, batch-major and channels-first: sample `b` of a node's
 *   output occupies `[b * size, (b + 1) * size)` where `size` is the product of the
 *   node's output shape. Every size, stride and padding is a numeric literal in the
 *   emitted code: emitters read them from the IR node and print them.
 * - The statements run with `n` (the batch size of this call, ≤ the model's
 *   maximum batch) in scope, plus the locals that the context's accessors name.
 * - forward writes every element of the output for samples [0, n).
 * - backward reads the output gradient and writes the input gradient(s) (when
 *   requested) and the parameter gradients. Parameter gradients are *overwritten*
 *   (not accumulated); input gradients are overwritten unless
 *   `accumulatesInputGrad(i)` is true (an input consumed by several nodes), in which
 *   case they are added to.
 */
export interface LoopsEmitContext {
  /** Name of the batch-size local: always "n". */
  readonly batch: string;
  /** Local name of input `i`'s activation array (default the first input). */
  input(i?: number): string;
  /** Local name of this node's output array. */
  output(): string;
  /** Local name of the gradient of the loss w.r.t. this node's output. */
  outputGrad(): string;
  /**
   * Local name of the gradient array of input `i`, or undefined when nothing upstream
   * needs it (the model's input, or only frozen layers before it): skip the work then.
   */
  inputGrad(i?: number): string | undefined;
  /** Whether the input gradient must be added to (fan-out) rather than overwritten. */
  accumulatesInputGrad(i?: number): boolean;
  /** Local name of a parameter tensor (a subarray view of the parameter arena). */
  param(name: string): string;
  /** Local name of a parameter's gradient view, or undefined when it is frozen. */
  paramGrad(name: string): string | undefined;
  /** Local name of a buffer tensor (non-trained state: running statistics). */
  buffer(name: string): string;
  /**
   * A per-node scratch array that lives as long as the model (saved between forward
   * and backward: max-pool argmax, dropout mask, batch-norm statistics). `perSample`
   * arrays get `perSample × maxBatch` elements, others exactly `length`.
   */
  scratch(
    name: string,
    length: number,
    options?: { type?: "f32" | "i32"; perSample?: boolean },
  ): string;
  /**
   * A per-node constant table (e.g. a connection table's input maps, adaptive pooling's
   * bins), filled once when the model is constructed: loops index it instead of the
   * emitter unrolling them, and nothing is allocated per call.
   */
  constant(name: string, values: readonly number[], type?: "f32" | "i32"): string;
  /** Expression: whether this call is a training pass (`boolean`). */
  readonly training: string;
  /** Expression: a uniform random number in [0, 1) from the model's seeded generator. */
  readonly random: string;
}

export interface LoopsLayerEmitter<A extends Attrs = Attrs> {
  /** Statements computing the node's output from its inputs. */
  forward(node: LayerNode<A>, ctx: LoopsEmitContext): string;
  /** Statements computing input and parameter gradients from the output gradient. */
  backward(node: LayerNode<A>, ctx: LoopsEmitContext): string;
}
