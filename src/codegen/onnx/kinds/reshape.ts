import type { OnnxKindEmitter } from "../kind-emitter.js";

/** reshape: Reshape to [batch, …shape]. */
export const reshapeOnnx: OnnxKindEmitter = {
  emit: (node, ctx) => ctx.op("Reshape", [ctx.input(), ctx.int64s([-1, ...node.outputShape])]),
};
