import type { PytorchKindEmitter } from "../kind-emitter.js";

/** sigmoid: 1/(1 + e⁻ˣ). */
export const sigmoidPytorch: PytorchKindEmitter = {
  forward: (_node, ctx) => `torch.sigmoid(${ctx.input()})`,
};
