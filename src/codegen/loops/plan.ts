import type { LayerNode, ModelIR, ParamTensor, BufferTensor } from "../../ir/ir.js";
import { tsIdentifierPart } from "../common/escape.js";
import { product } from "./lib/arrays.js";

/**
 * What the loops emitter decides before writing any code: where every tensor lives in
 * the arenas, which nodes need a backward pass, and which gradients are sums.
 */
export interface TensorSlot {
  node: LayerNode;
  /** "<node id>.<tensor name>", the contract's tensor name. */
  name: string;
  field: string;
  offset: number;
  size: number;
}

export interface ParamSlot extends TensorSlot {
  tensor: ParamTensor;
  gradField: string;
}

export interface BufferSlot extends TensorSlot {
  tensor: BufferTensor;
}

export interface ModelPlan {
  model: ModelIR;
  params: ParamSlot[];
  paramCount: number;
  buffers: BufferSlot[];
  bufferCount: number;
  /** Per-sample element count of each node's output (and of "input"). */
  sizes: Map<string, number>;
  /** Whether a node's backward must run: it has trainable tensors, or something before it does. */
  needsGradient: Map<string, boolean>;
  /** How many times each node's output is read by other nodes (fan-out > 1 means summed gradients). */
  uses: Map<string, number>;
  outputNode: LayerNode;
}

/** A node id as part of a TypeScript identifier (after a prefix: `act_`, `p_`, `forward_`); injective. */
export function identifierPart(id: string): string {
  return tsIdentifierPart(id);
}

export function activationField(id: string): string {
  return `act_${identifierPart(id)}`;
}

export function activationGradField(id: string): string {
  return `dact_${identifierPart(id)}`;
}

/** `inputGradients`: also compute d(loss)/d(input) (saliency maps, gradient checks). */
export function planModel(model: ModelIR, inputGradients = false): ModelPlan {
  const params: ParamSlot[] = [];
  const buffers: BufferSlot[] = [];
  let paramCount = 0;
  let bufferCount = 0;
  const sizes = new Map<string, number>([["input", product(model.inputShape)]]);
  const needsGradient = new Map<string, boolean>([["input", inputGradients]]);
  const uses = new Map<string, number>();
  for (const node of model.nodes) {
    const part = identifierPart(node.id);
    for (const tensor of node.params) {
      const size = product(tensor.shape);
      const field = `p_${part}_${identifierPart(tensor.name)}`;
      params.push({
        node,
        tensor,
        name: `${node.id}.${tensor.name}`,
        field,
        gradField: `d${field}`,
        offset: paramCount,
        size,
      });
      paramCount += size;
    }
    for (const tensor of node.buffers) {
      const size = product(tensor.shape);
      buffers.push({
        node,
        tensor,
        name: `${node.id}.${tensor.name}`,
        field: `s_${part}_${identifierPart(tensor.name)}`,
        offset: bufferCount,
        size,
      });
      bufferCount += size;
    }
    sizes.set(node.id, product(node.outputShape));
    const ownTrainable = node.params.some((t) => t.trainable);
    needsGradient.set(
      node.id,
      ownTrainable || node.inputs.some((id) => needsGradient.get(id) === true),
    );
    for (const id of node.inputs) uses.set(id, (uses.get(id) ?? 0) + 1);
  }
  const outputNode = model.nodes.find((node) => node.id === model.output);
  if (outputNode === undefined)
    throw new Error(`loops backend: model ${model.name} has no output node ${model.output}`);
  return {
    model,
    params,
    paramCount,
    buffers,
    bufferCount,
    sizes,
    needsGradient,
    uses,
    outputNode,
  };
}
