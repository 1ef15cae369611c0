import type { PytorchKindEmitter } from "../kind-emitter.js";
import { pythonFloat } from "../../common/escape.js";
import { call } from "../python-layout.js";

/** elu (seed 001): x for x > 0, α(eˣ − 1) otherwise — F.elu's formula exactly. */
export const eluPytorch: PytorchKindEmitter = {
  forward: (node, ctx) =>
    call("F.elu", [ctx.input(), `alpha=${pythonFloat(node.attrs.alpha as number)}`]),
};
