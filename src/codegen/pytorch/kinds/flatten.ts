import type { PytorchKindEmitter } from "../kind-emitter.js";

/** flatten: channels-first order, as the IR (and PyTorch's view) lays values out. */
export const flattenPytorch: PytorchKindEmitter = {
  forward: (_node, ctx) => `${ctx.input()}.flatten(1)`,
};
