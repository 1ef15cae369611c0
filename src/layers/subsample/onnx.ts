import type { ResolvedAttrsOf } from "../definitions.js";
import { int } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { windowAttributes, windowOf } from "../../codegen/onnx/layer-helpers.js";

/**
 * subsample (LeNet-5's S2/S4): y = weight[c]·Σ(window) + bias[c] is a depthwise Conv whose
 * kernel taps all equal the map's coefficient: the graph Reshapes weight [C] to
 * [C, 1, 1, 1] and Expands it to [C, 1, kH, kW]; bias [C] is the Conv's bias.
 */
export const subsampleOnnx: OnnxKindEmitter<ResolvedAttrsOf<"subsample">> = {
  emit(node, ctx) {
    const channels = node.inputShapes[0]![0]!;
    const window = windowOf(node);
    const column = ctx.op("Reshape", [ctx.tensor("weight"), ctx.int64s([channels, 1, 1, 1])]);
    const kernel = ctx.op("Expand", [column, ctx.int64s([channels, 1, ...window.kernel])]);
    return ctx.op("Conv", [ctx.input(), kernel, ctx.tensor("bias")], {
      ...windowAttributes({ ...window, dilation: window.kernel.map(() => 1) }, true),
      group: int(channels),
    });
  },
};
