import type { LayerNode } from "../../../ir/ir.js";
import type { LoopsLayerEmitter } from "../layer-emitter.js";
import { assignInputGrad, product } from "./arrays.js";

/** softmax and log_softmax over a channels-first `axis` (-1: the last). */

type SoftmaxAttrs = { readonly axis: number };

/** The axis a softmax normalises over as (outer, length, inner) strides of the per-sample tensor. */
function softmaxAxis(node: LayerNode<SoftmaxAttrs>): {
  outer: number;
  length: number;
  inner: number;
} {
  const shape = node.outputShape;
  const axis = node.attrs.axis < 0 ? shape.length + node.attrs.axis : node.attrs.axis;
  return {
    outer: product(shape.slice(0, axis)),
    length: shape[axis]!,
    inner: product(shape.slice(axis + 1)),
  };
}

/** Loops over every (sample, outer, inner) line of the softmax axis; `k` steps along it. */
function overLines(node: LayerNode<SoftmaxAttrs>, body: string): string {
  const { outer, length, inner } = softmaxAxis(node);
  const lines = outer * inner;
  const base =
    inner === 1
      ? `line * ${length}`
      : `((line / ${inner}) | 0) * ${length * inner} + (line % ${inner})`;
  const step = inner === 1 ? "k" : `k * ${inner}`;
  return `
    for (let line = 0; line < n * ${lines}; line++) {
      const base = ${base};
      ${body.replaceAll("AT(k)", `base + ${step}`).replaceAll("LENGTH", String(length))}
    }`;
}

/**
 * Softmax with the maximum subtracted first (seed 001), so exp never overflows; its
 * backward is dx = y ⊙ (dy − Σ dy·y), or for log_softmax dx = dy − exp(y) · Σ dy (seed
 * 004 builds the full Jacobian per sample; the contraction is the same).
 */
export function softmaxLoops(log: boolean): LoopsLayerEmitter<SoftmaxAttrs> {
  return {
    forward(node, ctx) {
      const x = ctx.input();
      const y = ctx.output();
      return overLines(
        node,
        `
      let max = -Infinity;
      for (let k = 0; k < LENGTH; k++) max = Math.max(max, ${x}[AT(k)]);
      let sum = 0;
      for (let k = 0; k < LENGTH; k++) sum += Math.exp(${x}[AT(k)] - max);
      ${
        log
          ? `const logSum = max + Math.log(sum);
             for (let k = 0; k < LENGTH; k++) ${y}[AT(k)] = ${x}[AT(k)] - logSum;`
          : `for (let k = 0; k < LENGTH; k++) ${y}[AT(k)] = Math.exp(${x}[AT(k)] - max) / sum;`
      }`,
      );
    },
    backward(node, ctx) {
      const dx = ctx.inputGrad();
      if (dx === undefined) return "";
      const y = ctx.output();
      const dy = ctx.outputGrad();
      const op = assignInputGrad(ctx);
      return overLines(
        node,
        log
          ? `
      let sum = 0;
      for (let k = 0; k < LENGTH; k++) sum += ${dy}[AT(k)];
      for (let k = 0; k < LENGTH; k++) ${dx}[AT(k)] ${op} ${dy}[AT(k)] - Math.exp(${y}[AT(k)]) * sum;`
          : `
      let dot = 0;
      for (let k = 0; k < LENGTH; k++) dot += ${dy}[AT(k)] * ${y}[AT(k)];
      for (let k = 0; k < LENGTH; k++) ${dx}[AT(k)] ${op} ${y}[AT(k)] * (${dy}[AT(k)] - dot);`,
      );
    },
  };
}
