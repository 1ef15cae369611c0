import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { poolingOnnx } from "../../codegen/onnx/layer-helpers.js";

/** maxpool2d: see poolingOnnx. */
export const maxpool2dOnnx: OnnxKindEmitter<ResolvedAttrsOf<"maxpool2d">> = poolingOnnx("max");
