import type { ResolvedAttrsOf } from "../definitions.js";
import { int, ints } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/**
 * adaptive_avgpool: output i of an axis averages inputs ⌊i·In/Out⌋ … ⌈(i+1)·In/Out⌉ − 1.
 * When every axis divides evenly the bins are one AveragePool; otherwise each axis in
 * turn is cut into its bins (Slice, ReduceMean keeping the axis) and Concatenated — the
 * mean over a rectangle is the mean of its rows' means, as the bins are rectangles.
 */
export const adaptiveAvgpoolOnnx: OnnxKindEmitter<ResolvedAttrsOf<"adaptive_avgpool">> = {
  emit(node, ctx) {
    const spatial = node.inputShapes[0]!.slice(1);
    const bins = node.attrs.bins as unknown as [number, number][][];
    const out = node.outputShape.slice(1);
    if (spatial.every((size, a) => size % out[a]! === 0)) {
      const kernel = spatial.map((size, a) => size / out[a]!);
      return ctx.op("AveragePool", [ctx.input()], {
        kernel_shape: ints(kernel),
        strides: ints(kernel),
        pads: ints([...kernel.map(() => 0), ...kernel.map(() => 0)]),
      });
    }
    let value = ctx.input();
    bins.forEach((axisBins, a) => {
      const axis = a + 2;
      if (spatial[a] === out[a]) return;
      const parts = axisBins.map(([start, end]) => {
        const slice = ctx.op("Slice", [
          value,
          ctx.int64s([start]),
          ctx.int64s([end]),
          ctx.int64s([axis]),
        ]);
        return ctx.op("ReduceMean", [slice], { axes: ints([axis]), keepdims: int(1) });
      });
      value = parts.length === 1 ? parts[0]! : ctx.op("Concat", parts, { axis: int(axis) });
    });
    return value;
  },
};
