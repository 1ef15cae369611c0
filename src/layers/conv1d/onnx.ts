import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { convolutionOnnx } from "../../codegen/onnx/layer-helpers.js";

/** conv1d: Conv (see convolutionOnnx). */
export const conv1dOnnx: OnnxKindEmitter<ResolvedAttrsOf<"conv1d">> = convolutionOnnx;
