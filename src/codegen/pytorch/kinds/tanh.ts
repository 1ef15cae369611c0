import type { PytorchKindEmitter } from "../kind-emitter.js";

/** tanh. */
export const tanhPytorch: PytorchKindEmitter = {
  forward: (_node, ctx) => `torch.tanh(${ctx.input()})`,
};
