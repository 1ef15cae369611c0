import type { Attrs, LayerNode } from "../../ir/ir.js";
import type { Unsupported } from "../registry.js";
import type { Attribute } from "./graph.js";

/**
 * How a layer kind becomes standard ONNX operators (opset 13) for inference: one emitter
 * per kind (./kinds/<kind>.ts), listed in the registry (./kinds/index.ts), which a test
 * holds complete over the catalogue. ONNX is channels-first (NCHW), as the IR, so tensors
 * keep the IR's shapes; netc's tensors are initializers under netc's names. Kinds without
 * one ONNX operator are small subgraphs of standard ones.
 */
export interface OnnxKindEmitter<A extends Attrs = Attrs> {
  /** Adds the node's operators; returns the value name of its output. */
  emit(node: LayerNode<A>, ctx: OnnxEmitContext): string;
}

export interface OnnxEmitContext {
  /** The value name of input `index` (default 0). */
  input(index?: number): string;
  /** The initializer of one of the node's tensors ("weight", "running_mean", …). */
  tensor(name: string): string;
  /** Adds one operator on `inputs`; returns its output's value name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, Attribute>>,
  ): string;
  /** A constant int64 vector (shapes, axes, pads, indices). */
  int64s(values: readonly number[]): string;
  /** A constant float tensor. */
  floats(dims: readonly number[], values: readonly number[]): string;
}

export type OnnxRegistryEntry = OnnxKindEmitter | Unsupported;
