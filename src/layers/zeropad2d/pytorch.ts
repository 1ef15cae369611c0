import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { padded } from "../../codegen/pytorch/layer-helpers.js";

/** zeropad2d: zeros around each map; the four sides as the definition resolved them. */
export const zeropad2dPytorch: PytorchKindEmitter<ResolvedAttrsOf<"zeropad2d">> = {
  forward(node, ctx) {
    const { top, bottom, left, right } = node.attrs.sides;
    return padded(ctx.input(), [
      [top!, bottom!],
      [left!, right!],
    ]);
  },
};
