import type { ResolvedAttrsOf } from "../definitions.js";
import { int } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/** global_avgpool: GlobalAveragePool ([N, C, 1, 1] or [N, C, 1]), then Flatten to netc's [N, C]. */
export const globalAvgpoolOnnx: OnnxKindEmitter<ResolvedAttrsOf<"global_avgpool">> = {
  emit: (_node, ctx) =>
    ctx.op("Flatten", [ctx.op("GlobalAveragePool", [ctx.input()])], { axis: int(1) }),
};
