import { int } from "../graph.js";
import type { OnnxKindEmitter } from "../kind-emitter.js";

/** flatten: Flatten after the batch axis, channels-first as netc flattens. */
export const flattenOnnx: OnnxKindEmitter = {
  emit: (_node, ctx) => ctx.op("Flatten", [ctx.input()], { axis: int(1) }),
};
