import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/** add: the residual join, Add. */
export const addOnnx: OnnxKindEmitter<ResolvedAttrsOf<"add">> = {
  emit: (_node, ctx) => ctx.op("Add", [ctx.input(0), ctx.input(1)]),
};
