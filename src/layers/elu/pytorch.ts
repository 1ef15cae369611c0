import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { pythonFloat } from "../../codegen/common/escape.js";
import { call } from "../../codegen/pytorch/python-layout.js";

/** elu (seed 001): x for x > 0, α(eˣ − 1) otherwise — F.elu's formula exactly. */
export const eluPytorch: PytorchKindEmitter<ResolvedAttrsOf<"elu">> = {
  forward: (node, ctx) =>
    call("F.elu", [ctx.input(), `alpha=${pythonFloat(node.attrs.alpha as number)}`]),
};
