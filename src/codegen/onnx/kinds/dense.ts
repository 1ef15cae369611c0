import { int } from "../graph.js";
import type { OnnxKindEmitter } from "../kind-emitter.js";

/** dense: Gemm with the IR's weight [out, in] transposed (transB), plus the bias. */
export const denseOnnx: OnnxKindEmitter = {
  emit(node, ctx) {
    const inputs = [ctx.input(), ctx.tensor("weight")];
    if (node.attrs.bias === true) inputs.push(ctx.tensor("bias"));
    return ctx.op("Gemm", inputs, { transB: int(1) });
  },
};
