import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { poolingOnnx } from "../../codegen/onnx/layer-helpers.js";

/** avgpool1d: see poolingOnnx. */
export const avgpool1dOnnx: OnnxKindEmitter<ResolvedAttrsOf<"avgpool1d">> = poolingOnnx("avg");
