import type { PytorchKindEmitter } from "../kind-emitter.js";
import { call } from "../python-layout.js";

/** reshape: the same values in channels-first order, another per-sample shape. */
export const reshapePytorch: PytorchKindEmitter = {
  forward: (node, ctx) =>
    call(`${ctx.input()}.reshape`, ["-1", ...node.outputShape.map((size) => String(size))]),
};
