import type { ModelIR } from "../../ir/ir.js";
import { GraphBuilder, type OnnxNode } from "./graph.js";
import { emitterFor } from "../registry.js";
import type { OnnxEmitContext, OnnxKindEmitter } from "./kind-emitter.js";
import { onnxRegistry } from "./registry.js";
import { DataType, onnxType } from "./proto.js";

/**
 * A model and its weights as an ONNX model (opset 13, IR version 7) for inference: input
 * "input" [batch, …input shape] and output "output" [batch, …output shape], channels-first
 * float32, every layer kind as standard operators (./kinds/), every netc tensor an
 * initializer under netc's name. Deterministic: the same model and weights give the same
 * bytes.
 */

export const ONNX_OPSET = 13;
export const ONNX_IR_VERSION = 7;

export interface OnnxExportInput {
  model: ModelIR;
  /** Every parameter and buffer, channels-first, by "<node id>.<tensor name>". */
  weights: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>;
  netcVersion: string;
  /** The .net file's base name, for the model's description. */
  sourceName: string;
}

function valueInfo(name: string, shape: readonly number[]): Record<string, unknown> {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: DataType.FLOAT,
        shape: { dim: [{ dim_param: "batch" }, ...shape.map((size) => ({ dim_value: size }))] },
      },
    },
  };
}

/** The graph's nodes and initializers (exported for tests that inspect the structure). */
export function buildOnnxGraph(input: OnnxExportInput): {
  graph: GraphBuilder;
  output: string;
} {
  const { model, weights } = input;
  const graph = new GraphBuilder();
  const values = new Map<string, string>([["input", graph.reserve("input")]]);
  graph.reserve("output");
  // netc's tensors first, so their exact names are theirs
  for (const node of model.nodes) {
    for (const tensor of [...node.params, ...node.buffers]) {
      const name = `${node.id}.${tensor.name}`;
      const weight = weights.get(name);
      if (weight === undefined) throw new Error(`onnx export: no weights for ${name}`);
      graph.floatInitializer(name, tensor.shape, weight.data);
    }
  }
  for (const node of model.nodes) {
    const emitter = emitterFor<OnnxKindEmitter>(onnxRegistry, node, "onnx");
    const hint = node.id;
    const ctx: OnnxEmitContext = {
      input: (index = 0) => values.get(node.inputs[index]!)!,
      tensor: (name) => `${node.id}.${name}`,
      op: (opType, inputs, attributes = {}) => graph.add(opType, inputs, hint, attributes)[0]!,
      int64s: (numbers) => graph.constant(`${hint}:const`, [numbers.length], numbers, "int64"),
      floats: (dims, numbers) => graph.constant(`${hint}:const`, dims, numbers, "float"),
    };
    values.set(node.id, emitter.emit(node, ctx));
  }
  // the model's output under the fixed name "output"
  const last = values.get(model.output)!;
  graph.nodes.push({
    name: "output/Identity",
    op_type: "Identity",
    input: [last],
    output: ["output"],
    attribute: [],
  } satisfies OnnxNode);
  return { graph, output: last };
}

export function exportOnnx(input: OnnxExportInput): Uint8Array {
  const { model } = input;
  const { graph } = buildOnnxGraph(input);
  const outputShape = model.nodes.find((n) => n.id === model.output)!.outputShape;
  const message = {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: "", version: ONNX_OPSET }],
    producer_name: "netc",
    producer_version: input.netcVersion,
    doc_string: `${model.name} from ${input.sourceName}, exported by netc for inference (channels-first float32)`,
    graph: {
      name: model.name,
      node: graph.nodes,
      initializer: graph.initializers,
      input: [valueInfo("input", model.inputShape)],
      output: [valueInfo("output", outputShape)],
    },
  };
  const type = onnxType("ModelProto");
  return type.encode(type.fromObject(message)).finish();
}
