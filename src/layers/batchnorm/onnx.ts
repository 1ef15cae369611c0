import type { ResolvedAttrsOf } from "../definitions.js";
import { float } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/** batchnorm: BatchNormalization in inference mode, with the running statistics. */
export const batchnormOnnx: OnnxKindEmitter<ResolvedAttrsOf<"batchnorm">> = {
  emit: (node, ctx) =>
    ctx.op(
      "BatchNormalization",
      [
        ctx.input(),
        ctx.tensor("gamma"),
        ctx.tensor("beta"),
        ctx.tensor("running_mean"),
        ctx.tensor("running_var"),
      ],
      {
        epsilon: float(node.attrs.eps as number),
        momentum: float(1 - (node.attrs.momentum as number)),
      },
    ),
};
