import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/** reshape: Reshape to [batch, …shape]. */
export const reshapeOnnx: OnnxKindEmitter<ResolvedAttrsOf<"reshape">> = {
  emit: (node, ctx) => ctx.op("Reshape", [ctx.input(), ctx.int64s([-1, ...node.outputShape])]),
};
