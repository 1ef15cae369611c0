import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { int } from "../../codegen/onnx/graph.js";
import { batchAxis, unary } from "../../codegen/onnx/layer-helpers.js";

/** softmax: Softmax over the IR's axis (opset 13 normalises over that one axis). */
export const softmaxOnnx: OnnxKindEmitter<ResolvedAttrsOf<"softmax">> = unary(
  "Softmax",
  (node) => ({
    axis: int(batchAxis(typeof node.attrs.axis === "number" ? node.attrs.axis : -1)),
  }),
);
