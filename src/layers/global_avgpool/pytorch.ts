import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { spatialRank } from "../../codegen/pytorch/layer-helpers.js";

/** global_avgpool: the mean of each channel over every position, [N, C, …] → [N, C]. */
export const globalAvgpoolPytorch: PytorchKindEmitter<ResolvedAttrsOf<"global_avgpool">> = {
  forward: (node, ctx) =>
    spatialRank(node) === 1 ? `${ctx.input()}.mean(dim=2)` : `${ctx.input()}.mean(dim=(2, 3))`,
};
