import type { LayerNode } from "../../../ir/ir.js";
import type { LoopsEmitContext } from "../layer-emitter.js";
import { product } from "./geometry.js";

/**
 * Layers that only move values: flatten and reshape (the channels-first order is
 * already the flat order, so they copy), zero padding, dropout and the residual join.
 */

export function copyForward(node: LayerNode, ctx: LoopsEmitContext): string {
  return `${ctx.output()}.set(${ctx.input()}.subarray(0, n * ${product(node.outputShape)}));`;
}

export function copyBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const size = product(node.outputShape);
  if (ctx.accumulatesInputGrad())
    return `for (let i = 0; i < n * ${size}; i++) ${dx}[i] += ${ctx.outputGrad()}[i];`;
  return `${dx}.set(${ctx.outputGrad()}.subarray(0, n * ${size}));`;
}

/** zeropad2d: `padding` is [top, bottom, left, right]. */
function padSides(node: LayerNode): { top: number; left: number } {
  const padding = node.attrs.padding;
  if (!Array.isArray(padding) || padding.length !== 4)
    throw new Error(`loops backend: ${node.id} lacks padding`);
  return { top: padding[0] as number, left: padding[2] as number };
}

function padRows(node: LayerNode, body: string): string {
  const [channels, inH, inW] = node.inputShapes[0]! as [number, number, number];
  const [, outH, outW] = node.outputShape as [number, number, number];
  const { top, left } = padSides(node);
  return `
    for (let plane = 0; plane < n * ${channels}; plane++) {
      for (let h = 0; h < ${inH}; h++) {
        const from = (plane * ${inH} + h) * ${inW};
        const to = (plane * ${outH} + h + ${top}) * ${outW} + ${left};
        ${body}
      }
    }`;
}

export function zeroPadForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const inW = node.inputShapes[0]![2]!;
  return `
    ${ctx.output()}.fill(0, 0, n * ${product(node.outputShape)});
    ${padRows(node, `${ctx.output()}.set(${ctx.input()}.subarray(from, from + ${inW}), to);`)}`;
}

export function zeroPadBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const inW = node.inputShapes[0]![2]!;
  const op = ctx.accumulatesInputGrad() ? "+=" : "=";
  return padRows(
    node,
    `for (let w = 0; w < ${inW}; w++) ${dx}[from + w] ${op} ${ctx.outputGrad()}[to + w];`,
  );
}

/**
 * Inverted dropout: while training each value is kept with probability 1 − rate and
 * scaled by 1/(1 − rate), so evaluation is the identity. The mask (0 or the scale) is
 * kept for the backward pass.
 */
export function dropoutForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const size = product(node.outputShape);
  const rate = typeof node.attrs.rate === "number" ? node.attrs.rate : 0.5;
  const mask = ctx.scratch("mask", size, { perSample: true });
  const scale = rate < 1 ? 1 / (1 - rate) : 0;
  return `
    if (${ctx.training}) {
      for (let i = 0; i < n * ${size}; i++) {
        ${mask}[i] = ${ctx.random} < ${rate} ? 0 : ${scale};
        ${ctx.output()}[i] = ${ctx.input()}[i] * ${mask}[i];
      }
    } else {
      ${ctx.output()}.set(${ctx.input()}.subarray(0, n * ${size}));
    }`;
}

export function dropoutBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const size = product(node.outputShape);
  const mask = ctx.scratch("mask", size, { perSample: true });
  const op = ctx.accumulatesInputGrad() ? "+=" : "=";
  return `for (let i = 0; i < n * ${size}; i++) ${dx}[i] ${op} ${ctx.outputGrad()}[i] * ${mask}[i];`;
}

/** The residual join: y = x₀ + x₁ (+ …); each input receives dy unchanged. */
export function addForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const size = product(node.outputShape);
  const sum = node.inputs.map((_, i) => `${ctx.input(i)}[i]`).join(" + ");
  return `for (let i = 0; i < n * ${size}; i++) ${ctx.output()}[i] = ${sum};`;
}

export function addBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const size = product(node.outputShape);
  const parts: string[] = [];
  node.inputs.forEach((_, i) => {
    const dx = ctx.inputGrad(i);
    if (dx === undefined) return;
    if (ctx.accumulatesInputGrad(i))
      parts.push(`for (let i = 0; i < n * ${size}; i++) ${dx}[i] += ${ctx.outputGrad()}[i];`);
    else parts.push(`${dx}.set(${ctx.outputGrad()}.subarray(0, n * ${size}));`);
  });
  return parts.join("\n");
}

/**
 * Noise injection (seed 000): while training y = x + N(0, std²) per value (Box–Muller from
 * the model's generator); the identity in evaluation. Its gradient is the identity.
 */
export function noiseForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const size = product(node.outputShape);
  const std = typeof node.attrs.std === "number" ? node.attrs.std : 0;
  return `
    if (${ctx.training}) {
      for (let i = 0; i < n * ${size}; i++) {
        const radius = Math.sqrt(-2 * Math.log(1 - ${ctx.random}));
        ${ctx.output()}[i] = ${ctx.input()}[i] + ${std} * radius * Math.cos(2 * Math.PI * ${ctx.random});
      }
    } else {
      ${ctx.output()}.set(${ctx.input()}.subarray(0, n * ${size}));
    }`;
}
