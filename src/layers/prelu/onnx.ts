import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/**
 * prelu: PRelu, whose slope broadcasts from the right; netc's per-channel slope [C] is
 * reshaped to [C, 1, …] so that it meets the channel axis of [N, C, …].
 */
export const preluOnnx: OnnxKindEmitter<ResolvedAttrsOf<"prelu">> = {
  emit(node, ctx) {
    const slopes = node.params.find((p) => p.name === "alpha")!.shape[0]!;
    const trailing = node.inputShapes[0]!.length - 1;
    const slope =
      slopes === 1 || trailing === 0
        ? ctx.tensor("alpha")
        : ctx.op("Reshape", [
            ctx.tensor("alpha"),
            ctx.int64s([slopes, ...Array<number>(trailing).fill(1)]),
          ]);
    return ctx.op("PRelu", [ctx.input(), slope]);
  },
};
