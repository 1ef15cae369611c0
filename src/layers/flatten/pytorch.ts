import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";

/** flatten: channels-first order, as the IR (and PyTorch's view) lays values out. */
export const flattenPytorch: PytorchKindEmitter<ResolvedAttrsOf<"flatten">> = {
  forward: (_node, ctx) => `${ctx.input()}.flatten(1)`,
};
