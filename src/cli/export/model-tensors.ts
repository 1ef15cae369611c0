import type { ModelIR } from "../../ir/ir.js";
import type { TensorInfo } from "../../runtime/model-contract.js";

/**
 * The model's tensors as the generated model's `info.tensors` lists them: every
 * parameter ("<node id>.<tensor name>", IR shape, channels-first) in node order, then
 * every buffer.
 */
export function modelTensors(model: ModelIR): TensorInfo[] {
  return [
    ...model.nodes.flatMap((node) =>
      node.params.map((tensor) => ({
        name: `${node.id}.${tensor.name}`,
        shape: tensor.shape,
        role: "param" as const,
        trainable: tensor.trainable,
      })),
    ),
    ...model.nodes.flatMap((node) =>
      node.buffers.map((tensor) => ({
        name: `${node.id}.${tensor.name}`,
        shape: tensor.shape,
        role: "buffer" as const,
        trainable: false,
      })),
    ),
  ];
}
