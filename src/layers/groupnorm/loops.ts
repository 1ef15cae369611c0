import type { LayerNode } from "../../ir/ir.js";
import type { LoopsEmitContext, LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { assignInputGrad, product } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/**
 * Group normalization in loops. A group's channels are consecutive, so in the
 * channels-first layout each (sample, group) is one contiguous run of `size` values. The
 * forward keeps each run's mean and 1/σ for the backward, which is batch norm's formula
 * over the run instead of over the batch: with d = dy·γ,
 * dx = (1/σ)·(d − mean(d) − x̂·mean(d·x̂)); dγ_c = Σ dy·x̂ and dβ_c = Σ dy over the samples
 * and positions of channel c.
 */

type Attrs = ResolvedAttrsOf<"groupnorm">;

function layout(node: LayerNode<Attrs>) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  const positions = product(shape) / channels;
  const perGroup = channels / node.attrs.groups;
  return { channels, positions, groups: node.attrs.groups, perGroup, size: perGroup * positions };
}

/** Loops over every (sample b, group k), with `stat` the index of its statistics. */
function overGroups(node: LayerNode<Attrs>, body: string): string {
  const l = layout(node);
  return `
    for (let b = 0; b < n; b++) {
      for (let k = 0; k < ${l.groups}; k++) {
        const stat = b * ${l.groups} + k;
        ${body}
      }
    }`;
}

/** Loops over the values of group k of sample b: `i` the index, `c` the channel. */
function overValues(node: LayerNode<Attrs>, body: string): string {
  const l = layout(node);
  return `
    for (let c = k * ${l.perGroup}; c < (k + 1) * ${l.perGroup}; c++) {
      const channelStart = (b * ${l.channels} + c) * ${l.positions};
      for (let i = channelStart; i < channelStart + ${l.positions}; i++) {
        ${body}
      }
    }`;
}

/** Each (sample, group)'s mean and 1/σ, kept from the forward for the backward. */
function statistics(node: LayerNode<Attrs>, ctx: LoopsEmitContext) {
  const { groups } = layout(node);
  return {
    mean: ctx.scratch("groupMean", groups, { perSample: true }),
    invStd: ctx.scratch("groupInvStd", groups, { perSample: true }),
  };
}

export const groupnormLoops: LoopsLayerEmitter<Attrs> = {
  forward(node, ctx) {
    const l = layout(node);
    const x = ctx.input();
    const { mean, invStd } = statistics(node, ctx);
    const scaled = `${ctx.output()}[i] = (${x}[i] - m) * inv * ${ctx.param("gamma")}[c] + ${ctx.param("beta")}[c];`;
    return overGroups(
      node,
      `const start = (b * ${l.channels} + k * ${l.perGroup}) * ${l.positions};
      let sum = 0;
      for (let i = start; i < start + ${l.size}; i++) sum += ${x}[i];
      const m = sum / ${l.size};
      let squares = 0;
      for (let i = start; i < start + ${l.size}; i++) {
        const d = ${x}[i] - m;
        squares += d * d;
      }
      const inv = 1 / Math.sqrt(squares / ${l.size} + ${node.attrs.eps});
      ${mean}[stat] = m;
      ${invStd}[stat] = inv;
      ${overValues(node, scaled)}`,
    );
  },
  backward(node, ctx) {
    const l = layout(node);
    const x = ctx.input();
    const dy = ctx.outputGrad();
    const dx = ctx.inputGrad();
    const dGamma = ctx.paramGrad("gamma");
    const dBeta = ctx.paramGrad("beta");
    const gamma = ctx.param("gamma");
    const { mean, invStd } = statistics(node, ctx);
    const sums = overValues(
      node,
      `const xhat = (${x}[i] - m) * inv;
      const d = ${dy}[i] * ${gamma}[c];
      sumD += d;
      sumDXhat += d * xhat;
      ${dGamma !== undefined ? `${dGamma}[c] += ${dy}[i] * xhat;` : ""}
      ${dBeta !== undefined ? `${dBeta}[c] += ${dy}[i];` : ""}`,
    );
    const inputGrad =
      dx === undefined
        ? ""
        : `const meanD = sumD / ${l.size};
      const meanDXhat = sumDXhat / ${l.size};
      ${overValues(
        node,
        `${dx}[i] ${assignInputGrad(ctx)} inv * (${dy}[i] * ${gamma}[c] - meanD - (${x}[i] - m) * inv * meanDXhat);`,
      )}`;
    return `
    ${dGamma !== undefined ? `${dGamma}.fill(0);` : ""}
    ${dBeta !== undefined ? `${dBeta}.fill(0);` : ""}
    ${overGroups(
      node,
      `const m = ${mean}[stat];
      const inv = ${invStd}[stat];
      let sumD = 0;
      let sumDXhat = 0;
      ${sums}
      ${inputGrad}`,
    )}`;
  },
};
