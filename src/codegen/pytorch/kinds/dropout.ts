import type { PytorchKindEmitter } from "../kind-emitter.js";
import { pythonNumber } from "../../common/escape.js";
import { call } from "../python-layout.js";

/** dropout: inverted dropout while training (the module's `training`), the identity otherwise. */
export const dropoutPytorch: PytorchKindEmitter = {
  forward: (node, ctx) =>
    call("F.dropout", [
      ctx.input(),
      `p=${pythonNumber(node.attrs.rate as number)}`,
      "training=self.training",
    ]),
};
