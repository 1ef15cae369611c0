import type { LayerNode, WindowGeometry } from "../../../ir/ir.js";
import { planar, type PlanarWindow } from "../../common/planar-window.js";
import type { LoopsEmitContext, LoopsLayerEmitter } from "../layer-emitter.js";
import { emitGemm } from "./gemm.js";
import { validRange } from "./window.js";

/**
 * Convolution (conv1d and conv2d; stride, padding, dilation, groups, optional bias) as
 * im2col and a matrix product, one sample at a time:
 *
 *   col[k, p] = x[ci, oh·S − P + kh·D, ow·S − P + kw·D]   (0 in the padding)
 *               with k = (ci, kh, kw) and p = (oh, ow)
 *   y[co, p]  = b[co] + Σ_k W[co, k] · col[k, p]
 *
 * which is seed 004's Conv._forward (a sum over the window for every output) with the
 * window unrolled into a column, so the sum becomes a register-blocked matrix product.
 * The backward is the same two products turned around (seed 003's rules):
 *
 *   dW[co, k] += Σ_p dy[co, p] · col[k, p]        (summed over the batch)
 *   dcol[k, p] = Σ_co W[co, k] · dy[co, p],  then each dcol value is added back to the
 *                input position it was copied from (col2im; seed 004's rotated kernel).
 */

type ConvolutionAttrs = { readonly window: WindowGeometry; readonly bias: boolean };

interface ConvPlan extends PlanarWindow {
  inPerGroup: number;
  outPerGroup: number;
  /** Rows of col: (input channels per group) · kH · kW. */
  patch: number;
  /** Columns of col: output positions. */
  positions: number;
  inPlane: number;
}

function plan(node: LayerNode<ConvolutionAttrs>): ConvPlan {
  const g = planar(node.attrs.window);
  const inPerGroup = g.channelsIn / g.groups;
  return {
    ...g,
    inPerGroup,
    outPerGroup: g.channelsOut / g.groups,
    patch: inPerGroup * g.kH * g.kW,
    positions: g.outH * g.outW,
    inPlane: g.inH * g.inW,
  };
}

/**
 * The loops shared by im2col and col2im: for every input channel of the group, kernel
 * tap and output position inside the image, `body` moves one value between
 * `col[cr + ow]` and `x[xr + ow·S]`.
 */
function patchLoops(p: ConvPlan, body: string, zeroFill: string): string {
  const rows = validRange("kh", p.inH, p.outH, p.kH, p.strideH, p.dilationH, p.padTop);
  const cols = validRange("kw", p.inW, p.outW, p.kW, p.strideW, p.dilationW, p.padLeft);
  const padded =
    rows.start !== "0" ||
    rows.end !== String(p.outH) ||
    cols.start !== "0" ||
    cols.end !== String(p.outW);
  const inRow =
    [
      p.strideH === 1 ? "oh" : `oh * ${p.strideH}`,
      p.dilationH === 1 ? "kh" : `kh * ${p.dilationH}`,
    ].join(" + ") + (p.padTop ? ` - ${p.padTop}` : "");
  const inCol =
    (p.dilationW === 1 ? "kw" : `kw * ${p.dilationW}`) + (p.padLeft ? ` - ${p.padLeft}` : "");
  const xr = p.inH === 1 ? `xc + ${inCol}` : `xc + (${inRow}) * ${p.inW} + ${inCol}`;
  const xIndex = p.strideW === 1 ? "xr + ow" : `xr + ow * ${p.strideW}`;
  return `
    for (let ci = 0; ci < ${p.inPerGroup}; ci++) {
      const xc = xg + ci * ${p.inPlane};
      for (let kh = 0; kh < ${p.kH}; kh++) {
        const ohStart = ${rows.start};
        const ohEnd = ${rows.end};
        for (let kw = 0; kw < ${p.kW}; kw++) {
          const kRow = ((ci * ${p.kH} + kh) * ${p.kW} + kw) * ${p.positions};
          const owStart = ${cols.start};
          const owEnd = ${cols.end};
          ${padded ? zeroFill : ""}
          for (let oh = ohStart; oh < ohEnd; oh++) {
            const xr = ${xr};
            const cr = kRow + oh * ${p.outW};
            for (let ow = owStart; ow < owEnd; ow++) ${body.replaceAll("X_INDEX", xIndex)}
          }
        }
      }
    }`;
}

/** `for (let g …) {` around the per-group work, or nothing for an ungrouped convolution. */
function perGroup(p: ConvPlan, body: string): string {
  if (p.groups === 1) return body;
  return `for (let g = 0; g < ${p.groups}; g++) { ${body} }`;
}

const groupTerm = (p: ConvPlan, size: number) => (p.groups === 1 ? "" : ` + g * ${size}`);

function convolutionForward(node: LayerNode<ConvolutionAttrs>, ctx: LoopsEmitContext): string {
  const p = plan(node);
  const x = ctx.input();
  const y = ctx.output();
  const w = ctx.param("weight");
  const col = ctx.scratch("col", p.patch * p.positions);
  const bias = node.attrs.bias ? ctx.param("bias") : undefined;
  const product = emitGemm({
    M: p.outPerGroup,
    N: p.positions,
    K: p.patch,
    A: {
      array: w,
      base: p.groups === 1 ? "0" : `g * ${p.outPerGroup * p.patch}`,
      rowStride: p.patch,
      colStride: 1,
    },
    B: { array: col, base: "0", rowStride: p.positions, colStride: 1 },
    C: {
      array: y,
      base: `yb${groupTerm(p, p.outPerGroup * p.positions)}`,
      rowStride: p.positions,
      colStride: 1,
    },
    op: "=",
    ...(bias !== undefined
      ? {
          rowBias: (row: string) =>
            `${bias}[${p.groups === 1 ? "" : `g * ${p.outPerGroup} + `}${row}]`,
        }
      : {}),
    tag: "",
  });
  return `
    for (let b = 0; b < n; b++) {
      const xb = b * ${p.channelsIn * p.inPlane};
      const yb = b * ${p.channelsOut * p.positions};
      ${perGroup(
        p,
        `
        const xg = xb${groupTerm(p, p.inPerGroup * p.inPlane)};
        // im2col: one row per (input channel, kernel tap), one column per output position
        ${patchLoops(p, `${col}[cr + ow] = ${x}[X_INDEX];`, `${col}.fill(0, kRow, kRow + ${p.positions});`)}
        // y = W · col (+ bias)
        ${product}`,
      )}
    }`;
}

function convolutionBackward(node: LayerNode<ConvolutionAttrs>, ctx: LoopsEmitContext): string {
  const p = plan(node);
  const x = ctx.input();
  const dy = ctx.outputGrad();
  const dx = ctx.inputGrad();
  const dw = ctx.paramGrad("weight");
  const db = node.attrs.bias ? ctx.paramGrad("bias") : undefined;
  const parts: string[] = [];
  if (db !== undefined) {
    parts.push(`
      // dbias[co] = Σ over the batch and positions of dy[co, ·]
      for (let co = 0; co < ${p.channelsOut}; co++) {
        let sum = 0;
        for (let b = 0; b < n; b++) {
          const yc = b * ${p.channelsOut * p.positions} + co * ${p.positions};
          for (let i = yc; i < yc + ${p.positions}; i++) sum += ${dy}[i];
        }
        ${db}[co] = sum;
      }`);
  }
  if (dw === undefined && dx === undefined) return parts.join("\n");
  const col = ctx.scratch("col", p.patch * p.positions);
  const weightBase = p.groups === 1 ? "0" : `g * ${p.outPerGroup * p.patch}`;
  const dyBase = `yb${groupTerm(p, p.outPerGroup * p.positions)}`;
  const body: string[] = [`const xg = xb${groupTerm(p, p.inPerGroup * p.inPlane)};`];
  if (dw !== undefined) {
    body.push(`
      // im2col again (cheaper than keeping every sample's columns)
      ${patchLoops(p, `${col}[cr + ow] = ${x}[X_INDEX];`, `${col}.fill(0, kRow, kRow + ${p.positions});`)}
      // dW += dy · colᵀ
      ${emitGemm({
        M: p.outPerGroup,
        N: p.patch,
        K: p.positions,
        A: { array: dy, base: dyBase, rowStride: p.positions, colStride: 1 },
        B: { array: col, base: "0", rowStride: 1, colStride: p.positions },
        C: { array: dw, base: weightBase, rowStride: p.patch, colStride: 1 },
        op: "+=",
        tag: "w",
      })}`);
  }
  if (dx !== undefined) {
    const dcol = ctx.scratch("dcol", p.patch * p.positions);
    body.push(`
      // dcol = Wᵀ · dy
      ${emitGemm({
        M: p.patch,
        N: p.positions,
        K: p.outPerGroup,
        A: { array: ctx.param("weight"), base: weightBase, rowStride: 1, colStride: p.patch },
        B: { array: dy, base: dyBase, rowStride: p.positions, colStride: 1 },
        C: { array: dcol, base: "0", rowStride: p.positions, colStride: 1 },
        op: "=",
        tag: "x",
      })}
      // col2im: each column value goes back to the input position it came from
      ${patchLoops(p, `${dx}[X_INDEX] += ${dcol}[cr + ow];`, "")}`);
  }
  if (dx !== undefined && !ctx.accumulatesInputGrad())
    parts.push(`${dx}.fill(0, 0, n * ${p.channelsIn * p.inPlane});`);
  if (dw !== undefined) parts.push(`${dw}.fill(0);`);
  parts.push(`
    for (let b = 0; b < n; b++) {
      const xb = b * ${p.channelsIn * p.inPlane};
      const yb = b * ${p.channelsOut * p.positions};
      ${perGroup(p, body.join("\n"))}
    }`);
  return parts.join("\n");
}

/** conv1d's and conv2d's loops: one emitter, a 1-D convolution being a planar one of height 1. */
export const convolutionLoops: LoopsLayerEmitter<ConvolutionAttrs> = {
  forward: convolutionForward,
  backward: convolutionBackward,
};
