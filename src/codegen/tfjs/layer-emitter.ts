import type { Attrs, LayerNode } from "../../ir/ir.js";

/**
 * How a layer kind emits TensorFlow.js code: src/layers/<kind>/tfjs.ts, listed in
 * ./registry.ts, receiving the node's attributes typed as the kind's definition resolves
 * them.
 *
 * Internal layout of the generated tfjs code: channels LAST. A per-sample shape
 * [C, H, W] is computed as a batch [n, H, W, C], [C, L] as [n, L, C] and [F] as
 * [n, F]. The channel axis is therefore always the last axis, which is what tfjs'
 * conv and pooling kernels want, and softmax / batch norm / concat "over channels"
 * are all "over the last axis". Flatten transposes back to channels-first before
 * it flattens, so flatten order (and every saved weight) is channels-first.
 */
export interface TfjsLayerEmitter<A extends Attrs = Attrs> {
  /**
   * A TypeScript expression (of type tf.Tensor) computing the node's output from
   * `ctx.input(i)`, in the channels-last internal layout. It is evaluated inside
   * tf.tidy, so intermediate tensors need no disposal.
   */
  forward(node: LayerNode<A>, ctx: TfjsEmitContext): string;
  /**
   * How a parameter is stored as a tf.Variable when that differs from the IR's
   * channels-first shape (conv kernels are stored as tfjs wants them). Absent or
   * undefined: stored exactly in the IR's shape.
   */
  storage?(node: LayerNode<A>, tensorName: string): StoredLayout | undefined;
}

/**
 * stored = transpose(reshape(channelsFirst, reshape ?? irShape), perm); the inverse
 * (used by getTensors and for gradients) is transpose by the inverse permutation,
 * then reshape to the IR's shape.
 */
export interface StoredLayout {
  reshape?: readonly number[];
  perm: readonly number[];
}

/** What a layer emitter may ask of the model being generated. */
export interface TfjsEmitContext {
  /** Expression of the node's i-th input tensor (internal layout). */
  input(index?: number): string;
  /** Expression of one of the node's parameter variables, in its stored layout. */
  param(tensorName: string): string;
  /** Expression of one of the node's buffer variables (e.g. batch norm's running mean). */
  buffer(tensorName: string): string;
  /** A boolean expression: true while training (dropout active, batch norm on batch statistics). */
  readonly training: string;
  /** An integer expression that changes on every forward call: seeds random masks deterministically. */
  readonly callSeed: string;
  /**
   * Import one of the runtime's layer ops (src/runtime/tfjs/layer-ops.ts) into the
   * generated model module, and get its name to call.
   */
  helper(name: TfjsHelperName): string;
  /** A JSON/TS literal for a number or list (stable formatting for deterministic output). */
  literal(value: unknown): string;
}

/** The layer ops of src/runtime/tfjs/layer-ops.ts. */
export type TfjsHelperName =
  | "batchNorm"
  | "conv2dGrouped"
  | "connectionScatter"
  | "dilateFilter"
  | "toChannelsFirst"
  | "toChannelsLast";
