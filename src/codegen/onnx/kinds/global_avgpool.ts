import { int } from "../graph.js";
import type { OnnxKindEmitter } from "../kind-emitter.js";

/** global_avgpool: GlobalAveragePool ([N, C, 1, 1] or [N, C, 1]), then Flatten to netc's [N, C]. */
export const global_avgpoolOnnx: OnnxKindEmitter = {
  emit: (_node, ctx) =>
    ctx.op("Flatten", [ctx.op("GlobalAveragePool", [ctx.input()])], { axis: int(1) }),
};
