import type { LayerNode } from "../../ir/ir.js";
import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { assignInputGrad, product } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/**
 * Batch normalization per channel. Training: normalise with the batch's mean and
 * (biased) variance, and move the running statistics toward them (PyTorch: the running
 * variance uses the unbiased estimate). Evaluation: normalise with the running
 * statistics. The batch mean and 1/σ are kept for the backward pass, which is the
 * textbook form: dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)).
 */
function layout(node: LayerNode) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  return { channels, positions: product(shape) / channels };
}

/** Loops over every value of channel `c` in the batch; `i` is its index. */
function overChannel(node: LayerNode, body: string): string {
  const { channels, positions } = layout(node);
  if (positions === 1)
    return `for (let b = 0; b < n; b++) { const i = b * ${channels} + c; ${body} }`;
  return `
    for (let b = 0; b < n; b++) {
      const start = (b * ${channels} + c) * ${positions};
      for (let i = start; i < start + ${positions}; i++) { ${body} }
    }`;
}

export const batchnormLoops: LoopsLayerEmitter<ResolvedAttrsOf<"batchnorm">> = {
  forward(node, ctx) {
    const { channels, positions } = layout(node);
    const { eps, momentum } = node.attrs;
    const x = ctx.input();
    const y = ctx.output();
    const gamma = ctx.param("gamma");
    const beta = ctx.param("beta");
    const mean = ctx.scratch("batchMean", channels);
    const invStd = ctx.scratch("batchInvStd", channels);
    const runningMean = ctx.buffer("running_mean");
    const runningVar = ctx.buffer("running_var");
    return `
    const count = n * ${positions};
    for (let c = 0; c < ${channels}; c++) {
      let m: number;
      let inv: number;
      if (${ctx.training}) {
        let sum = 0;
        ${overChannel(node, `sum += ${x}[i];`)}
        m = sum / count;
        let squares = 0;
        ${overChannel(node, `const d = ${x}[i] - m; squares += d * d;`)}
        const variance = squares / count;
        inv = 1 / Math.sqrt(variance + ${eps});
        ${mean}[c] = m;
        ${invStd}[c] = inv;
        ${runningMean}[c] = ${1 - momentum} * ${runningMean}[c] + ${momentum} * m;
        ${runningVar}[c] = ${1 - momentum} * ${runningVar}[c] + ${momentum} * (count > 1 ? squares / (count - 1) : variance);
      } else {
        m = ${runningMean}[c];
        inv = 1 / Math.sqrt(${runningVar}[c] + ${eps});
      }
      const scale = ${gamma}[c] * inv;
      const shift = ${beta}[c] - m * scale;
      ${overChannel(node, `${y}[i] = ${x}[i] * scale + shift;`)}
    }`;
  },
  backward(node, ctx) {
    const { channels, positions } = layout(node);
    const x = ctx.input();
    const dy = ctx.outputGrad();
    const dx = ctx.inputGrad();
    const dGamma = ctx.paramGrad("gamma");
    const dBeta = ctx.paramGrad("beta");
    const mean = ctx.scratch("batchMean", channels);
    const invStd = ctx.scratch("batchInvStd", channels);
    return `
    const count = n * ${positions};
    for (let c = 0; c < ${channels}; c++) {
      const m = ${mean}[c];
      const inv = ${invStd}[c];
      let sumDy = 0;
      let sumDyXhat = 0;
      ${overChannel(node, `const g = ${dy}[i]; sumDy += g; sumDyXhat += g * (${x}[i] - m) * inv;`)}
      ${dGamma !== undefined ? `${dGamma}[c] = sumDyXhat;` : ""}
      ${dBeta !== undefined ? `${dBeta}[c] = sumDy;` : ""}
      ${
        dx !== undefined
          ? `const k = ${ctx.param("gamma")}[c] * inv;
             const meanDy = sumDy / count;
             const meanDyXhat = sumDyXhat / count;
             ${overChannel(node, `${dx}[i] ${assignInputGrad(ctx)} k * (${dy}[i] - meanDy - (${x}[i] - m) * inv * meanDyXhat);`)}`
          : ""
      }
    }`;
  },
};
