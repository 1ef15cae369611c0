import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { unary } from "../../codegen/onnx/layer-helpers.js";

/** relu: Relu. */
export const reluOnnx: OnnxKindEmitter<ResolvedAttrsOf<"relu">> = unary("Relu");
