import type { OnnxKindEmitter } from "../kind-emitter.js";

/** add: the residual join, Add. */
export const addOnnx: OnnxKindEmitter = {
  emit: (_node, ctx) => ctx.op("Add", [ctx.input(0), ctx.input(1)]),
};
