import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { assignInputGrad, product } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** The mean of each channel over its positions; each position receives dy/positions. */
export const globalAvgpoolLoops: LoopsLayerEmitter<ResolvedAttrsOf<"global_avgpool">> = {
  forward(node, ctx) {
    const channels = node.inputShapes[0]![0]!;
    const positions = product(node.inputShapes[0]!) / channels;
    return `
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < ${channels}; c++) {
        const xc = (b * ${channels} + c) * ${positions};
        let sum = 0;
        for (let i = xc; i < xc + ${positions}; i++) sum += ${ctx.input()}[i];
        ${ctx.output()}[b * ${channels} + c] = sum * ${1 / positions};
      }
    }`;
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    const channels = node.inputShapes[0]![0]!;
    const positions = product(node.inputShapes[0]!) / channels;
    return `
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < ${channels}; c++) {
        const xc = (b * ${channels} + c) * ${positions};
        const share = ${ctx.outputGrad()}[b * ${channels} + c] * ${1 / positions};
        for (let i = xc; i < xc + ${positions}; i++) ${dx}[i] ${assignInputGrad(ctx)} share;
      }
    }`;
  },
};
