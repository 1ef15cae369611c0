import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { unary } from "../../codegen/onnx/layer-helpers.js";

/** sigmoid: Sigmoid. */
export const sigmoidOnnx: OnnxKindEmitter<ResolvedAttrsOf<"sigmoid">> = unary("Sigmoid");
