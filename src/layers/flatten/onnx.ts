import type { ResolvedAttrsOf } from "../definitions.js";
import { int } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/** flatten: Flatten after the batch axis, channels-first as netc flattens. */
export const flattenOnnx: OnnxKindEmitter<ResolvedAttrsOf<"flatten">> = {
  emit: (_node, ctx) => ctx.op("Flatten", [ctx.input()], { axis: int(1) }),
};
