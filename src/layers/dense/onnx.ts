import type { ResolvedAttrsOf } from "../definitions.js";
import { int } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/** dense: Gemm with the IR's weight [out, in] transposed (transB), plus the bias. */
export const denseOnnx: OnnxKindEmitter<ResolvedAttrsOf<"dense">> = {
  emit(node, ctx) {
    const inputs = [ctx.input(), ctx.tensor("weight")];
    if (node.attrs.bias === true) inputs.push(ctx.tensor("bias"));
    return ctx.op("Gemm", inputs, { transB: int(1) });
  },
};
