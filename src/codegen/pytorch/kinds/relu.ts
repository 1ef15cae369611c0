import type { PytorchKindEmitter } from "../kind-emitter.js";

/** relu: max(0, x). */
export const reluPytorch: PytorchKindEmitter = {
  forward: (_node, ctx) => `F.relu(${ctx.input()})`,
};
