import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { pythonNumber } from "../../codegen/common/escape.js";
import { call } from "../../codegen/pytorch/python-layout.js";

/** dropout: inverted dropout while training (the module's `training`), the identity otherwise. */
export const dropoutPytorch: PytorchKindEmitter<ResolvedAttrsOf<"dropout">> = {
  forward: (node, ctx) =>
    call("F.dropout", [
      ctx.input(),
      `p=${pythonNumber(node.attrs.rate as number)}`,
      "training=self.training",
    ]),
};
