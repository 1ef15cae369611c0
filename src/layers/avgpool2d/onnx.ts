import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { poolingOnnx } from "../../codegen/onnx/layer-helpers.js";

/** avgpool2d: see poolingOnnx. */
export const avgpool2dOnnx: OnnxKindEmitter<ResolvedAttrsOf<"avgpool2d">> = poolingOnnx("avg");
