import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { call } from "../../codegen/pytorch/python-layout.js";
import { axes, spatialRank } from "../../codegen/pytorch/layer-helpers.js";

/**
 * adaptive_avgpool: position i of an axis of input size In and output size Out averages
 * inputs ⌊i·In/Out⌋ … ⌈(i+1)·In/Out⌉ − 1. netc defines the bins as PyTorch's
 * AdaptiveAvgPool does, so its function computes exactly them.
 */
export const adaptiveAvgpoolPytorch: PytorchKindEmitter<ResolvedAttrsOf<"adaptive_avgpool">> = {
  forward: (node, ctx) =>
    call(`F.adaptive_avg_pool${spatialRank(node)}d`, [
      ctx.input(),
      axes(node.outputShape.slice(1)),
    ]),
};
