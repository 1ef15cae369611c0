import type { PytorchKindEmitter } from "../kind-emitter.js";
import { pythonFloat } from "../../common/escape.js";
import { call } from "../python-layout.js";

/** leaky_relu (seed 001): x for x > 0, a·x otherwise — F.leaky_relu's formula exactly. */
export const leaky_reluPytorch: PytorchKindEmitter = {
  forward: (node, ctx) => call("F.leaky_relu", [ctx.input(), pythonFloat(node.attrs.a as number)]),
};
