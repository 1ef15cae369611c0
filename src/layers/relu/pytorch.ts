import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";

/** relu: max(0, x). */
export const reluPytorch: PytorchKindEmitter<ResolvedAttrsOf<"relu">> = {
  forward: (_node, ctx) => `F.relu(${ctx.input()})`,
};
