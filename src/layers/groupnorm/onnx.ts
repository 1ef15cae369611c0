import type { ResolvedAttrsOf } from "../definitions.js";
import { float } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/**
 * groupnorm: GroupNormalization is opset 18 and the export writes opset 13, so the
 * standard subgraph: [N, C, …] reshaped to [N, groups, rest] is InstanceNormalization
 * with a unit scale and zero shift (each group normalised over its channels and positions,
 * biased variance), reshaped back, then scaled by gamma and shifted by beta per channel
 * ([C] reshaped to [C, 1, …] to meet the channel axis).
 */
export const groupnormOnnx: OnnxKindEmitter<ResolvedAttrsOf<"groupnorm">> = {
  emit(node, ctx) {
    const shape = node.inputShapes[0]!;
    const channels = shape[0]!;
    const { groups, eps } = node.attrs;
    const grouped = ctx.op("Reshape", [ctx.input(), ctx.int64s([0, groups, -1])]);
    const normalised = ctx.op(
      "InstanceNormalization",
      [
        grouped,
        ctx.floats([groups], Array(groups).fill(1)),
        ctx.floats([groups], Array(groups).fill(0)),
      ],
      { epsilon: float(eps) },
    );
    const restored = ctx.op("Reshape", [normalised, ctx.int64s([0, ...shape])]);
    const trailing = shape.length - 1;
    const perChannel = (name: string) =>
      trailing === 0
        ? ctx.tensor(name)
        : ctx.op("Reshape", [
            ctx.tensor(name),
            ctx.int64s([channels, ...Array<number>(trailing).fill(1)]),
          ]);
    return ctx.op("Add", [ctx.op("Mul", [restored, perChannel("gamma")]), perChannel("beta")]);
  },
};
