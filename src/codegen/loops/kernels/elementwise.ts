import type { LayerNode } from "../../../ir/ir.js";
import type { LoopsEmitContext } from "../layer-emitter.js";
import { product } from "./geometry.js";

/**
 * Element-wise activations. Each is a formula for y from x and one for dy/dx written in
 * terms of y (or x) — seed 001's derivatives: relu' = [x > 0], σ' = σ(1 − σ),
 * tanh' = 1 − tanh².
 */
export interface PointwiseFormula {
  /** Expression of `v` (the input value). */
  forward: string;
  /** Expression of `v` (the input value) and `u` (the output value): dy/dx. */
  derivative: string;
}

export const pointwiseFormulas = {
  relu: { forward: "v > 0 ? v : 0", derivative: "u > 0 ? 1 : 0" },
  sigmoid: { forward: "1 / (1 + Math.exp(-v))", derivative: "u * (1 - u)" },
  tanh: { forward: "Math.tanh(v)", derivative: "1 - u * u" },
} satisfies Record<string, PointwiseFormula>;

export function pointwiseForward(
  node: LayerNode,
  ctx: LoopsEmitContext,
  f: PointwiseFormula,
): string {
  const size = product(node.outputShape);
  return `
    for (let i = 0; i < n * ${size}; i++) {
      const v = ${ctx.input()}[i];
      ${ctx.output()}[i] = ${f.forward};
    }`;
}

export function pointwiseBackward(
  node: LayerNode,
  ctx: LoopsEmitContext,
  f: PointwiseFormula,
): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const size = product(node.outputShape);
  const usesInput = /\bv\b/.test(f.derivative);
  const op = ctx.accumulatesInputGrad() ? "+=" : "=";
  if (f.derivative === "u > 0 ? 1 : 0") {
    // relu: pass the gradient where the unit was active (seed 004's dX[X <= 0] = 0)
    return `for (let i = 0; i < n * ${size}; i++) ${dx}[i] ${op} ${ctx.output()}[i] > 0 ? ${ctx.outputGrad()}[i] : 0;`;
  }
  return `
    for (let i = 0; i < n * ${size}; i++) {
      ${usesInput ? `const v = ${ctx.input()}[i];` : ""}
      const u = ${ctx.output()}[i];
      ${dx}[i] ${op} ${ctx.outputGrad()}[i] * (${f.derivative});
    }`;
}

/** The axis a softmax normalises over as (outer, length, inner) strides of the per-sample tensor. */
function softmaxAxis(node: LayerNode): { outer: number; length: number; inner: number } {
  const shape = node.outputShape;
  const raw = typeof node.attrs.axis === "number" ? node.attrs.axis : -1;
  const axis = raw < 0 ? shape.length + raw : raw;
  return {
    outer: product(shape.slice(0, axis)),
    length: shape[axis]!,
    inner: product(shape.slice(axis + 1)),
  };
}

/** Loops over every (sample, outer, inner) line of the softmax axis; `k` steps along it. */
function overLines(node: LayerNode, body: string): string {
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

/** Softmax with the maximum subtracted first (seed 001), so exp never overflows. */
export function softmaxForward(node: LayerNode, ctx: LoopsEmitContext, log: boolean): string {
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
}

/**
 * softmax: dx = y ⊙ (dy − Σ dy·y);  log_softmax: dx = dy − exp(y) · Σ dy.
 * (Seed 004 builds the full Jacobian per sample; the contraction above is the same.)
 */
export function softmaxBackward(node: LayerNode, ctx: LoopsEmitContext, log: boolean): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const y = ctx.output();
  const dy = ctx.outputGrad();
  const op = ctx.accumulatesInputGrad() ? "+=" : "=";
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
}
