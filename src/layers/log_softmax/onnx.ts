import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";
import { int } from "../../codegen/onnx/graph.js";
import { batchAxis, unary } from "../../codegen/onnx/layer-helpers.js";

/** log_softmax: LogSoftmax over the IR's axis (opset 13 normalises over that one axis). */
export const logSoftmaxOnnx: OnnxKindEmitter<ResolvedAttrsOf<"log_softmax">> = unary(
  "LogSoftmax",
  (node) => ({
    axis: int(batchAxis(typeof node.attrs.axis === "number" ? node.attrs.axis : -1)),
  }),
);
