import type { PytorchKindEmitter } from "../kind-emitter.js";
import { call } from "../python-layout.js";
import { axes, spatialRank } from "./shared.js";

/**
 * adaptive_avgpool: position i of an axis of input size In and output size Out averages
 * inputs ⌊i·In/Out⌋ … ⌈(i+1)·In/Out⌉ − 1. netc defines the bins as PyTorch's
 * AdaptiveAvgPool does, so its function computes exactly them.
 */
export const adaptive_avgpoolPytorch: PytorchKindEmitter = {
  forward: (node, ctx) =>
    call(`F.adaptive_avg_pool${spatialRank(node)}d`, [
      ctx.input(),
      axes(node.attrs.outputSize as number[]),
    ]),
};
