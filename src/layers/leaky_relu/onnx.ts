import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { float } from "../../codegen/onnx/graph.js";
import { unary } from "../../codegen/onnx/layer-helpers.js";

/** leaky_relu: LeakyRelu, whose alpha is netc's slope a. */
export const leakyReluOnnx: OnnxKindEmitter<ResolvedAttrsOf<"leaky_relu">> = unary(
  "LeakyRelu",
  (node) => ({
    alpha: float(node.attrs.a as number),
  }),
);
