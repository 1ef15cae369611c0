import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { float } from "../../codegen/onnx/graph.js";
import { unary } from "../../codegen/onnx/layer-helpers.js";

/** elu: Elu(alpha): x for x > 0, α(eˣ − 1) otherwise. */
export const eluOnnx: OnnxKindEmitter<ResolvedAttrsOf<"elu">> = unary("Elu", (node) => ({
  alpha: float(node.attrs.alpha as number),
}));
