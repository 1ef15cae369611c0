import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/** dropout: the identity at inference. */
export const dropoutOnnx: OnnxKindEmitter<ResolvedAttrsOf<"dropout">> = {
  emit: (_node, ctx) => ctx.op("Identity", [ctx.input()]),
};
