import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";

/** tanh. */
export const tanhPytorch: PytorchKindEmitter<ResolvedAttrsOf<"tanh">> = {
  forward: (_node, ctx) => `torch.tanh(${ctx.input()})`,
};
