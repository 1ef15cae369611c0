import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { poolingOnnx } from "../../codegen/onnx/layer-helpers.js";

/** maxpool1d: see poolingOnnx. */
export const maxpool1dOnnx: OnnxKindEmitter<ResolvedAttrsOf<"maxpool1d">> = poolingOnnx("max");
