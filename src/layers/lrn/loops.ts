import type { LayerNode } from "../../ir/ir.js";
import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { assignInputGrad, product } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** b_c = a_c·D_c^(−β), D_c = k + α/n·Σ_{c' near c} a_c'² (seed 003, PyTorch's form). */

type Attrs = ResolvedAttrsOf<"lrn">;

function layout(node: LayerNode<Attrs>) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  const { windowBefore, windowAfter, alpha, size, k, beta } = node.attrs;
  return {
    channels,
    positions: product(shape) / channels,
    before: windowBefore,
    after: windowAfter,
    scale: alpha / size,
    k,
    beta,
  };
}

/** Loops over every (sample, channel c, position) with `i` the index of a_c and `AT(c')` the index of a_c'. */
function overValues(channels: number, positions: number, body: string): string {
  return `
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < ${channels}; c++) {
        for (let q = 0; q < ${positions}; q++) {
          const i = (b * ${channels} + c) * ${positions} + q;
          ${body.replace(/AT\((\w+)\)/g, `(b * ${channels} + $1) * ${positions} + q`)}
        }
      }
    }`;
}

export const lrnLoops: LoopsLayerEmitter<Attrs> = {
  forward(node, ctx) {
    const l = layout(node);
    const x = ctx.input();
    // D_c is kept for the backward pass
    const base = ctx.scratch("lrnBase", product(node.outputShape), { perSample: true });
    return overValues(
      l.channels,
      l.positions,
      `
      let sum = 0;
      for (let d = Math.max(0, c - ${l.before}); d <= Math.min(${l.channels - 1}, c + ${l.after}); d++) {
        const v = ${x}[AT(d)];
        sum += v * v;
      }
      const denominator = ${l.k} + ${l.scale} * sum;
      ${base}[i] = denominator;
      ${ctx.output()}[i] = ${x}[i] * Math.pow(denominator, ${-l.beta});`,
    );
  },
  /**
   * dx_i = dy_i·D_i^(−β) − 2αβ/n · x_i · Σ_{c: i in c's window} dy_c·x_c·D_c^(−β−1); the
   * channels c whose window holds channel i are i − after … i + before.
   */
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    const l = layout(node);
    const x = ctx.input();
    const dy = ctx.outputGrad();
    const base = ctx.scratch("lrnBase", product(node.outputShape), { perSample: true });
    const term = ctx.scratch("term", product(node.outputShape), { perSample: true });
    return `
    ${overValues(l.channels, l.positions, `${term}[i] = ${dy}[i] * ${x}[i] * Math.pow(${base}[i], ${-l.beta - 1});`)}
    ${overValues(
      l.channels,
      l.positions,
      `
      let sum = 0;
      for (let d = Math.max(0, c - ${l.after}); d <= Math.min(${l.channels - 1}, c + ${l.before}); d++) sum += ${term}[AT(d)];
      ${dx}[i] ${assignInputGrad(ctx)} ${dy}[i] * Math.pow(${base}[i], ${-l.beta}) - ${2 * l.scale * l.beta} * ${x}[i] * sum;`,
    )}`;
  },
};
