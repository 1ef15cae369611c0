import type { OnnxKindEmitter } from "../kind-emitter.js";

/** noise: the identity at inference. */
export const noiseOnnx: OnnxKindEmitter = {
  emit: (_node, ctx) => ctx.op("Identity", [ctx.input()]),
};
