import type { OnnxKindEmitter } from "../kind-emitter.js";

/** dropout: the identity at inference. */
export const dropoutOnnx: OnnxKindEmitter = {
  emit: (_node, ctx) => ctx.op("Identity", [ctx.input()]),
};
