import type { PytorchKindEmitter } from "../kind-emitter.js";
import { spatialRank } from "./shared.js";

/** global_avgpool: the mean of each channel over every position, [N, C, …] → [N, C]. */
export const global_avgpoolPytorch: PytorchKindEmitter = {
  forward: (node, ctx) =>
    spatialRank(node) === 1 ? `${ctx.input()}.mean(dim=2)` : `${ctx.input()}.mean(dim=(2, 3))`,
};
