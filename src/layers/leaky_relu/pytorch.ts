import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { pythonFloat } from "../../codegen/common/escape.js";
import { call } from "../../codegen/pytorch/python-layout.js";

/** leaky_relu (seed 001): x for x > 0, a·x otherwise — F.leaky_relu's formula exactly. */
export const leakyReluPytorch: PytorchKindEmitter<ResolvedAttrsOf<"leaky_relu">> = {
  forward: (node, ctx) => call("F.leaky_relu", [ctx.input(), pythonFloat(node.attrs.a as number)]),
};
