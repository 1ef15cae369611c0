import type { ResolvedAttrsOf } from "../definitions.js";
import { int } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/**
 * rbf (LeNet-5's output): y_u = Σ_j (x_j − w_uj)² as Unsqueeze x to [N, 1, in], Sub the
 * centres [units, in] (broadcast to [N, units, in]), Mul by itself, ReduceSum over the
 * last axis; Neg when `negate`.
 */
export const rbfOnnx: OnnxKindEmitter<ResolvedAttrsOf<"rbf">> = {
  emit(node, ctx) {
    const column = ctx.op("Unsqueeze", [ctx.input(), ctx.int64s([1])]);
    const difference = ctx.op("Sub", [column, ctx.tensor("weight")]);
    const squares = ctx.op("Mul", [difference, difference]);
    const distances = ctx.op("ReduceSum", [squares, ctx.int64s([2])], { keepdims: int(0) });
    return node.attrs.negate === true ? ctx.op("Neg", [distances]) : distances;
  },
};
