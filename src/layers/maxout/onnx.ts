import type { ResolvedAttrsOf } from "../definitions.js";
import { int, ints } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/**
 * maxout: every piece of every unit at once, Gemm with the weight [units, k, in] reshaped
 * to [units·k, in] (and the bias flattened), then Reshape to [N, units, k] and ReduceMax
 * over the pieces.
 */
export const maxoutOnnx: OnnxKindEmitter<ResolvedAttrsOf<"maxout">> = {
  emit(node, ctx) {
    const units = node.attrs.units as number;
    const pieces = node.attrs.k as number;
    const inputs = node.inputShapes[0]![0]!;
    const weight = ctx.op("Reshape", [ctx.tensor("weight"), ctx.int64s([units * pieces, inputs])]);
    const operands = [ctx.input(), weight];
    if (node.attrs.bias === true)
      operands.push(ctx.op("Reshape", [ctx.tensor("bias"), ctx.int64s([units * pieces])]));
    const all = ctx.op("Gemm", operands, { transB: int(1) });
    const grouped = ctx.op("Reshape", [all, ctx.int64s([-1, units, pieces])]);
    return ctx.op("ReduceMax", [grouped], { axes: ints([2]), keepdims: int(0) });
  },
};
