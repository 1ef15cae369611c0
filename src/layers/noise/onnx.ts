import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/** noise: the identity at inference. */
export const noiseOnnx: OnnxKindEmitter<ResolvedAttrsOf<"noise">> = {
  emit: (_node, ctx) => ctx.op("Identity", [ctx.input()]),
};
