import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { unary } from "../../codegen/onnx/layer-helpers.js";

/** tanh: Tanh. */
export const tanhOnnx: OnnxKindEmitter<ResolvedAttrsOf<"tanh">> = unary("Tanh");
