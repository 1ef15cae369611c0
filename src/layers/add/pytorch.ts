import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";

/** add: the join of a residual, the sum of its two branches. */
export const addPytorch: PytorchKindEmitter<ResolvedAttrsOf<"add">> = {
  forward: (_node, ctx) => `${ctx.input(0)} + ${ctx.input(1)}`,
};
