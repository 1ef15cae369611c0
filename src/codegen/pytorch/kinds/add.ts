import type { PytorchKindEmitter } from "../kind-emitter.js";

/** add: the join of a residual, the sum of its two branches. */
export const addPytorch: PytorchKindEmitter = {
  forward: (_node, ctx) => `${ctx.input(0)} + ${ctx.input(1)}`,
};
