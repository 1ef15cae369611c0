import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";

/** sigmoid: 1/(1 + e⁻ˣ). */
export const sigmoidPytorch: PytorchKindEmitter<ResolvedAttrsOf<"sigmoid">> = {
  forward: (_node, ctx) => `torch.sigmoid(${ctx.input()})`,
};
