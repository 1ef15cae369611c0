import type { PytorchKindEmitter } from "../kind-emitter.js";
import { padded } from "./shared.js";

/** zeropad2d: zeros around each map; `padding` is [top, bottom, left, right]. */
export const zeropad2dPytorch: PytorchKindEmitter = {
  forward(node, ctx) {
    const [top, bottom, left, right] = node.attrs.padding as number[];
    return padded(ctx.input(), [
      [top!, bottom!],
      [left!, right!],
    ]);
  },
};
