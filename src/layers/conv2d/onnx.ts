import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { convolutionOnnx } from "../../codegen/onnx/layer-helpers.js";

/** conv2d: Conv (see convolutionOnnx). */
export const conv2dOnnx: OnnxKindEmitter<ResolvedAttrsOf<"conv2d">> = convolutionOnnx;
