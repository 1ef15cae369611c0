import type { OnnxKindEmitter } from "../kind-emitter.js";

/** zeropad2d: Pad with zeros; netc's [top, bottom, left, right] as ONNX's begins then ends. */
export const zeropad2dOnnx: OnnxKindEmitter = {
  emit(node, ctx) {
    const [top, bottom, left, right] = node.attrs.padding as number[];
    return ctx.op("Pad", [ctx.input(), ctx.int64s([0, 0, top!, left!, 0, 0, bottom!, right!])]);
  },
};
