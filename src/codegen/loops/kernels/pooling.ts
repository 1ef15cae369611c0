import type { LayerNode } from "../../../ir/ir.js";
import type { LoopsEmitContext } from "../layer-emitter.js";
import { product, window2d, type Window2d } from "./geometry.js";

/**
 * Max and average pooling, 1-D and 2-D (1-D as height 1), and global average pooling.
 * Max pooling remembers which input won each window (seed 004 keeps a 0/1 mask M of
 * the input's size; an index per output is the same information, smaller), and its
 * backward sends each output gradient to that input. Average pooling divides by the
 * window area, padding included (PyTorch's count_include_pad = true).
 */

export function windowLoops(
  p: Window2d,
  body: { init: string; tap: string; finish: string },
): string {
  const padded = p.padTop > 0 || p.padLeft > 0 || needsBoundsCheck(p);
  const rowCheck = padded && p.inH > 1 ? `if (ih < 0 || ih >= ${p.inH}) continue;` : "";
  const colCheck = padded ? `if (iw < 0 || iw >= ${p.inW}) continue;` : "";
  const ih = `oh * ${p.strideH} + kh${p.dilationH === 1 ? "" : ` * ${p.dilationH}`}${p.padTop ? ` - ${p.padTop}` : ""}`;
  const iw = `ow * ${p.strideW} + kw${p.dilationW === 1 ? "" : ` * ${p.dilationW}`}${p.padLeft ? ` - ${p.padLeft}` : ""}`;
  return `
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < ${p.channelsIn}; c++) {
        const xc = (b * ${p.channelsIn} + c) * ${p.inH * p.inW};
        const yc = (b * ${p.channelsIn} + c) * ${p.outH * p.outW};
        for (let oh = 0; oh < ${p.outH}; oh++) {
          for (let ow = 0; ow < ${p.outW}; ow++) {
            ${body.init}
            for (let kh = 0; kh < ${p.kH}; kh++) {
              const ih = ${ih};
              ${rowCheck}
              for (let kw = 0; kw < ${p.kW}; kw++) {
                const iw = ${iw};
                ${colCheck}
                const i = xc + ${p.inH === 1 ? "" : `ih * ${p.inW} + `}iw;
                ${body.tap}
              }
            }
            const o = yc + oh * ${p.outW} + ow;
            ${body.finish}
          }
        }
      }
    }`;
}

/** True when a window can reach past the bottom/right edge (padding after, e.g. `same`). */
function needsBoundsCheck(p: Window2d): boolean {
  return (
    (p.outH - 1) * p.strideH + (p.kH - 1) * p.dilationH - p.padTop > p.inH - 1 ||
    (p.outW - 1) * p.strideW + (p.kW - 1) * p.dilationW - p.padLeft > p.inW - 1
  );
}

export function maxPoolForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const p = window2d(node);
  const argmax = ctx.scratch("argmax", product(node.outputShape), { type: "i32", perSample: true });
  return windowLoops(p, {
    init: "let best = -Infinity; let bestIndex = -1;",
    tap: `const v = ${ctx.input()}[i]; if (v > best) { best = v; bestIndex = i; }`,
    finish: `${ctx.output()}[o] = best; ${argmax}[o] = bestIndex;`,
  });
}

export function maxPoolBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const argmax = ctx.scratch("argmax", product(node.outputShape), { type: "i32", perSample: true });
  const clear = ctx.accumulatesInputGrad()
    ? ""
    : `${dx}.fill(0, 0, n * ${product(node.inputShapes[0]!)});`;
  // Overlapping windows can pick the same input twice, so gradients are added.
  return `
    ${clear}
    for (let o = 0; o < n * ${product(node.outputShape)}; o++) ${dx}[${argmax}[o]] += ${ctx.outputGrad()}[o];`;
}

export function avgPoolForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const p = window2d(node);
  return windowLoops(p, {
    init: "let sum = 0;",
    tap: `sum += ${ctx.input()}[i];`,
    finish: `${ctx.output()}[o] = sum * ${1 / (p.kH * p.kW)};`,
  });
}

export function avgPoolBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const p = window2d(node);
  const clear = ctx.accumulatesInputGrad()
    ? ""
    : `${dx}.fill(0, 0, n * ${product(node.inputShapes[0]!)});`;
  return `
    ${clear}
    ${windowLoops(p, {
      init: "",
      tap: `${dx}[i] += share;`,
      finish: "",
    }).replace(
      // the share of each input in its window, read once per output before the taps
      /(for \(let kh = 0;)/,
      `const share = ${ctx.outputGrad()}[yc + oh * ${p.outW} + ow] * ${1 / (p.kH * p.kW)};\n$1`,
    )}`;
}

export function globalAvgPoolForward(node: LayerNode, ctx: LoopsEmitContext): string {
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
}

export function globalAvgPoolBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const channels = node.inputShapes[0]![0]!;
  const positions = product(node.inputShapes[0]!) / channels;
  const op = ctx.accumulatesInputGrad() ? "+=" : "=";
  return `
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < ${channels}; c++) {
        const xc = (b * ${channels} + c) * ${positions};
        const share = ${ctx.outputGrad()}[b * ${channels} + c] * ${1 / positions};
        for (let i = xc; i < xc + ${positions}; i++) ${dx}[i] ${op} share;
      }
    }`;
}
