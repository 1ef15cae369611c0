import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { call } from "../../codegen/pytorch/python-layout.js";

/** reshape: the same values in channels-first order, another per-sample shape. */
export const reshapePytorch: PytorchKindEmitter<ResolvedAttrsOf<"reshape">> = {
  forward: (node, ctx) =>
    call(`${ctx.input()}.reshape`, ["-1", ...node.outputShape.map((size) => String(size))]),
};
