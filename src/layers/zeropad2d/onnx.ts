import type { ResolvedAttrsOf } from "../definitions.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/** zeropad2d: Pad with zeros; netc's [top, bottom, left, right] as ONNX's begins then ends. */
export const zeropad2dOnnx: OnnxKindEmitter<ResolvedAttrsOf<"zeropad2d">> = {
  emit(node, ctx) {
    const { top, bottom, left, right } = node.attrs.sides;
    return ctx.op("Pad", [ctx.input(), ctx.int64s([0, 0, top!, left!, 0, 0, bottom!, right!])]);
  },
};
