import type { ResolvedAttrsOf } from "../definitions.js";
import { int } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { windowAttributes, windowOf } from "../../codegen/onnx/layer-helpers.js";

/**
 * conv2d_table (LeNet-5's C3): the packed weight [Σ|table[j]|, kH, kW] stays netc's
 * tensor; the graph appends one zero kernel, Gathers a dense [out·in, kH, kW] stack (the
 * packed row of each connected pair, the zero kernel elsewhere), Reshapes it to
 * [out, in, kH, kW] and runs one Conv. Unconnected pairs add exact zeros.
 */
export const conv2dTableOnnx: OnnxKindEmitter<ResolvedAttrsOf<"conv2d_table">> = {
  emit(node, ctx) {
    const table = node.attrs.table as readonly (readonly number[])[];
    const channels = node.inputShapes[0]![0]!;
    const rows = table.reduce((sum, row) => sum + row.length, 0);
    const window = windowOf(node);
    const [kh, kw] = window.kernel as [number, number];
    const index = new Array<number>(table.length * channels).fill(rows);
    let row = 0;
    table.forEach((maps, j) => {
      for (const i of maps) index[j * channels + i] = row++;
    });
    const zero = ctx.floats([1, kh, kw], new Array<number>(kh * kw).fill(0));
    const stacked = ctx.op("Concat", [ctx.tensor("weight"), zero], { axis: int(0) });
    const gathered = ctx.op("Gather", [stacked, ctx.int64s(index)], { axis: int(0) });
    const weight = ctx.op("Reshape", [gathered, ctx.int64s([table.length, channels, kh, kw])]);
    const inputs = [ctx.input(), weight];
    if (node.attrs.bias === true) inputs.push(ctx.tensor("bias"));
    return ctx.op("Conv", inputs, { ...windowAttributes(window, true), group: int(1) });
  },
};
