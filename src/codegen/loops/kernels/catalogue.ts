import type { LayerNode } from "../../../ir/ir.js";
import type { LoopsEmitContext } from "../layer-emitter.js";
import { product, window2d } from "./geometry.js";
import { windowLoops } from "./pooling.js";

/**
 * Loops kernels of the textbook catalogue (issue 4): LeNet-5's trainable subsampling,
 * connection-table convolution and RBF output (seed 004), AlexNet's local response
 * normalization (seed 003), adaptive average pooling, maxout and PReLU (seed 001). Each
 * forward matches the tfjs emitter of the same kind (src/codegen/tfjs/catalogue-emit.ts)
 * and each backward is its derivative written out, checked against finite differences in
 * test/loops/gradient-check.test.ts.
 */

/** Assignment or accumulation into an input gradient (fan-out adds). */
const assign = (ctx: LoopsEmitContext) => (ctx.accumulatesInputGrad() ? "+=" : "=");

/** Clears an input gradient that the kernel then adds into (unless it is a shared sum already). */
function clearInputGrad(node: LayerNode, ctx: LoopsEmitContext, dx: string): string {
  return ctx.accumulatesInputGrad()
    ? ""
    : `${dx}.fill(0, 0, n * ${product(node.inputShapes[0]!)});`;
}

// ── subsample: y = weight[c]·Σ(window) + bias[c] (seed 004's S2/S4) ──────────────────

export function subsampleForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const p = window2d(node);
  // the window sums are kept for the coefficient's gradient
  const sums = ctx.scratch("windowSum", product(node.outputShape), { perSample: true });
  const weight = ctx.param("weight");
  const bias = ctx.param("bias");
  return windowLoops(p, {
    init: "let sum = 0;",
    tap: `sum += ${ctx.input()}[i];`,
    finish: `${sums}[o] = sum; ${ctx.output()}[o] = ${weight}[c] * sum + ${bias}[c];`,
  });
}

export function subsampleBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const p = window2d(node);
  const sums = ctx.scratch("windowSum", product(node.outputShape), { perSample: true });
  const dy = ctx.outputGrad();
  const dWeight = ctx.paramGrad("weight");
  const dBias = ctx.paramGrad("bias");
  const dx = ctx.inputGrad();
  const area = p.outH * p.outW;
  const parts: string[] = [];
  if (dWeight !== undefined || dBias !== undefined) {
    parts.push(`
      ${dWeight !== undefined ? `${dWeight}.fill(0);` : ""}
      ${dBias !== undefined ? `${dBias}.fill(0);` : ""}
      for (let b = 0; b < n; b++) {
        for (let c = 0; c < ${p.channelsIn}; c++) {
          const yc = (b * ${p.channelsIn} + c) * ${area};
          let sumDy = 0;
          let sumDySum = 0;
          for (let o = yc; o < yc + ${area}; o++) {
            sumDy += ${dy}[o];
            sumDySum += ${dy}[o] * ${sums}[o];
          }
          ${dWeight !== undefined ? `${dWeight}[c] += sumDySum;` : ""}
          ${dBias !== undefined ? `${dBias}[c] += sumDy;` : ""}
        }
      }`);
  }
  if (dx !== undefined) {
    // every input of a window receives weight[c]·dy of that window's output
    parts.push(`
      ${clearInputGrad(node, ctx, dx)}
      ${windowLoops(p, {
        init: `const share = ${dy}[yc + oh * ${p.outW} + ow] * ${ctx.param("weight")}[c];`,
        tap: `${dx}[i] += share;`,
        finish: "",
      })}`);
  }
  return parts.join("\n");
}

// ── conv2d_table: output map j convolves only the input maps of table[j] (seed 004's C3) ──

interface TableLayout {
  /** Input map of each packed kernel row, in table order. */
  inputs: number[];
  /** First packed row of each output map, and the end: length filters + 1. */
  offsets: number[];
}

function tableLayout(node: LayerNode): TableLayout {
  const table = node.attrs.table as readonly (readonly number[])[];
  const inputs = table.flat();
  const offsets = [...((node.attrs.tableOffsets as number[] | undefined) ?? []), inputs.length];
  if (offsets.length !== table.length + 1)
    throw new Error(`loops backend: ${node.id} lacks the resolved attribute tableOffsets`);
  return { inputs, offsets };
}

/**
 * The loop nest over every (sample, output map j, connected input map, output position,
 * kernel tap), with `xi` the input index, `yi` the output index and `wi` the packed
 * weight index in scope of `tap`; `open`/`close` run per (sample, j, position).
 */
function tableLoops(
  node: LayerNode,
  ctx: LoopsEmitContext,
  body: { open: string; tap: string; close: string },
): string {
  const p = window2d(node);
  const layout = tableLayout(node);
  const inputs = ctx.constant("tableInputs", layout.inputs);
  const offsets = ctx.constant("tableOffsets", layout.offsets);
  const taps = p.kH * p.kW;
  const padded = p.padTop > 0 || p.padLeft > 0;
  const ih = `oh * ${p.strideH} + kh${p.dilationH === 1 ? "" : ` * ${p.dilationH}`}${p.padTop ? ` - ${p.padTop}` : ""}`;
  const iw = `ow * ${p.strideW} + kw${p.dilationW === 1 ? "" : ` * ${p.dilationW}`}${p.padLeft ? ` - ${p.padLeft}` : ""}`;
  return `
    for (let b = 0; b < n; b++) {
      for (let j = 0; j < ${p.channelsOut}; j++) {
        for (let oh = 0; oh < ${p.outH}; oh++) {
          for (let ow = 0; ow < ${p.outW}; ow++) {
            const yi = ((b * ${p.channelsOut} + j) * ${p.outH} + oh) * ${p.outW} + ow;
            ${body.open}
            for (let r = ${offsets}[j]; r < ${offsets}[j + 1]; r++) {
              const xc = (b * ${p.channelsIn} + ${inputs}[r]) * ${p.inH * p.inW};
              for (let kh = 0; kh < ${p.kH}; kh++) {
                const ih = ${ih};
                ${padded ? `if (ih < 0 || ih >= ${p.inH}) continue;` : ""}
                for (let kw = 0; kw < ${p.kW}; kw++) {
                  const iw = ${iw};
                  ${padded ? `if (iw < 0 || iw >= ${p.inW}) continue;` : ""}
                  const xi = xc + ih * ${p.inW} + iw;
                  const wi = r * ${taps} + kh * ${p.kW} + kw;
                  ${body.tap}
                }
              }
            }
            ${body.close}
          }
        }
      }
    }`;
}

export function tableConvForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const weight = ctx.param("weight");
  const hasBias = node.attrs.bias === true;
  return tableLoops(node, ctx, {
    open: `let sum = ${hasBias ? `${ctx.param("bias")}[j]` : "0"};`,
    tap: `sum += ${ctx.input()}[xi] * ${weight}[wi];`,
    close: `${ctx.output()}[yi] = sum;`,
  });
}

export function tableConvBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const dy = ctx.outputGrad();
  const dWeight = ctx.paramGrad("weight");
  const dBias = node.attrs.bias === true ? ctx.paramGrad("bias") : undefined;
  const dx = ctx.inputGrad();
  if (dWeight === undefined && dBias === undefined && dx === undefined) return "";
  const taps: string[] = [];
  if (dWeight !== undefined) taps.push(`${dWeight}[wi] += g * ${ctx.input()}[xi];`);
  if (dx !== undefined) taps.push(`${dx}[xi] += g * ${ctx.param("weight")}[wi];`);
  return `
    ${dWeight !== undefined ? `${dWeight}.fill(0);` : ""}
    ${dBias !== undefined ? `${dBias}.fill(0);` : ""}
    ${dx !== undefined ? clearInputGrad(node, ctx, dx) : ""}
    ${tableLoops(node, ctx, {
      open: `const g = ${dy}[yi];${dBias !== undefined ? ` ${dBias}[j] += g;` : ""}`,
      tap: taps.join("\n"),
      close: "",
    })}`;
}

// ── rbf: y_u = ±Σ_j (x_j − w_uj)² (seed 004's output layer) ────────────────────────

function rbfSizes(node: LayerNode): { inputs: number; units: number; sign: number } {
  return {
    inputs: node.inputShapes[0]![0]!,
    units: node.outputShape[0]!,
    sign: node.attrs.negate === true ? -1 : 1,
  };
}

export function rbfForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const { inputs, units, sign } = rbfSizes(node);
  const x = ctx.input();
  const w = ctx.param("weight");
  return `
    for (let b = 0; b < n; b++) {
      for (let u = 0; u < ${units}; u++) {
        let sum = 0;
        for (let k = 0; k < ${inputs}; k++) {
          const d = ${x}[b * ${inputs} + k] - ${w}[u * ${inputs} + k];
          sum += d * d;
        }
        ${ctx.output()}[b * ${units} + u] = ${sign === 1 ? "sum" : "-sum"};
      }
    }`;
}

/** d y_u / d x_j = ±2(x_j − w_uj) = −d y_u / d w_uj. */
export function rbfBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const { inputs, units, sign } = rbfSizes(node);
  const x = ctx.input();
  const w = ctx.param("weight");
  const dy = ctx.outputGrad();
  const dW = ctx.paramGrad("weight");
  const dx = ctx.inputGrad();
  if (dW === undefined && dx === undefined) return "";
  return `
    ${dW !== undefined ? `${dW}.fill(0);` : ""}
    ${dx !== undefined ? clearInputGrad(node, ctx, dx) : ""}
    for (let b = 0; b < n; b++) {
      for (let u = 0; u < ${units}; u++) {
        const g = ${2 * sign} * ${dy}[b * ${units} + u];
        for (let k = 0; k < ${inputs}; k++) {
          const slope = g * (${x}[b * ${inputs} + k] - ${w}[u * ${inputs} + k]);
          ${dW !== undefined ? `${dW}[u * ${inputs} + k] -= slope;` : ""}
          ${dx !== undefined ? `${dx}[b * ${inputs} + k] += slope;` : ""}
        }
      }
    }`;
}

// ── lrn: b_c = a_c·D_c^(−β), D_c = k + α/n·Σ_{c' near c} a_c'² (seed 003, PyTorch's form) ──

function lrnLayout(node: LayerNode) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  const positions = product(shape) / channels;
  return {
    channels,
    positions,
    before: node.attrs.windowBefore as number,
    after: node.attrs.windowAfter as number,
    scale: (node.attrs.alpha as number) / (node.attrs.size as number),
    k: node.attrs.k as number,
    beta: node.attrs.beta as number,
  };
}

/** Loops over every (sample, channel c, position) with `i` the index of a_c and `at(c')` the index of a_c'. */
function lrnLoops(channels: number, positions: number, body: string): string {
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

export function lrnForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const l = lrnLayout(node);
  const x = ctx.input();
  // D_c is kept for the backward pass
  const base = ctx.scratch("lrnBase", product(node.outputShape), { perSample: true });
  return lrnLoops(
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
}

/**
 * dx_i = dy_i·D_i^(−β) − 2αβ/n · x_i · Σ_{c: i in c's window} dy_c·x_c·D_c^(−β−1); the
 * channels c whose window holds channel i are i − after … i + before.
 */
export function lrnBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const l = lrnLayout(node);
  const x = ctx.input();
  const dy = ctx.outputGrad();
  const base = ctx.scratch("lrnBase", product(node.outputShape), { perSample: true });
  const term = ctx.scratch("term", product(node.outputShape), { perSample: true });
  return `
    ${lrnLoops(l.channels, l.positions, `${term}[i] = ${dy}[i] * ${x}[i] * Math.pow(${base}[i], ${-l.beta - 1});`)}
    ${lrnLoops(
      l.channels,
      l.positions,
      `
      let sum = 0;
      for (let d = Math.max(0, c - ${l.after}); d <= Math.min(${l.channels - 1}, c + ${l.before}); d++) sum += ${term}[AT(d)];
      ${dx}[i] ${assign(ctx)} ${dy}[i] * Math.pow(${base}[i], ${-l.beta}) - ${2 * l.scale * l.beta} * ${x}[i] * sum;`,
    )}`;
}

// ── adaptive_avgpool: output i of an axis averages inputs ⌊i·In/Out⌋ … ⌈(i+1)·In/Out⌉ − 1 ──

function adaptiveLayout(node: LayerNode) {
  const shape = node.inputShapes[0]!;
  const bins = node.attrs.bins as unknown as [number, number][][];
  const rows = shape.length === 3 ? bins[0]! : [[0, 1] as [number, number]];
  const cols = bins[bins.length - 1]!;
  return {
    channels: shape[0]!,
    inH: shape.length === 3 ? shape[1]! : 1,
    inW: shape[shape.length - 1]!,
    rows,
    cols,
  };
}

/** Loops over every (sample, channel, output bin) and the inputs of its bin (`i`), with `o` the output index. */
function adaptiveLoops(
  node: LayerNode,
  ctx: LoopsEmitContext,
  body: { open: string; tap: string; close: string },
): string {
  const a = adaptiveLayout(node);
  const rowStart = ctx.constant(
    "rowStart",
    a.rows.map(([s]) => s),
  );
  const rowEnd = ctx.constant(
    "rowEnd",
    a.rows.map(([, e]) => e),
  );
  const colStart = ctx.constant(
    "colStart",
    a.cols.map(([s]) => s),
  );
  const colEnd = ctx.constant(
    "colEnd",
    a.cols.map(([, e]) => e),
  );
  return `
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < ${a.channels}; c++) {
        const xc = (b * ${a.channels} + c) * ${a.inH * a.inW};
        for (let oh = 0; oh < ${a.rows.length}; oh++) {
          for (let ow = 0; ow < ${a.cols.length}; ow++) {
            const o = ((b * ${a.channels} + c) * ${a.rows.length} + oh) * ${a.cols.length} + ow;
            const area = (${rowEnd}[oh] - ${rowStart}[oh]) * (${colEnd}[ow] - ${colStart}[ow]);
            ${body.open}
            for (let ih = ${rowStart}[oh]; ih < ${rowEnd}[oh]; ih++) {
              for (let iw = ${colStart}[ow]; iw < ${colEnd}[ow]; iw++) {
                const i = xc + ih * ${a.inW} + iw;
                ${body.tap}
              }
            }
            ${body.close}
          }
        }
      }
    }`;
}

export function adaptiveAvgPoolForward(node: LayerNode, ctx: LoopsEmitContext): string {
  return adaptiveLoops(node, ctx, {
    open: "let sum = 0;",
    tap: `sum += ${ctx.input()}[i];`,
    close: `${ctx.output()}[o] = sum / area;`,
  });
}

export function adaptiveAvgPoolBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  // bins may overlap, so the shares are added
  return `
    ${clearInputGrad(node, ctx, dx)}
    ${adaptiveLoops(node, ctx, { open: `const share = ${ctx.outputGrad()}[o] / area;`, tap: `${dx}[i] += share;`, close: "" })}`;
}

// ── maxout: y_u = max_p (w_up·x + b_up) (seed 001) ───────────────────────────────

function maxoutSizes(node: LayerNode) {
  return {
    inputs: node.inputShapes[0]![0]!,
    units: node.attrs.units as number,
    k: node.attrs.k as number,
    bias: node.attrs.bias === true,
  };
}

export function maxoutForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const s = maxoutSizes(node);
  const x = ctx.input();
  const w = ctx.param("weight");
  // the winning piece per output, for the backward pass
  const winner = ctx.scratch("winner", s.units, { type: "i32", perSample: true });
  return `
    for (let b = 0; b < n; b++) {
      for (let u = 0; u < ${s.units}; u++) {
        let best = -Infinity;
        let bestPiece = 0;
        for (let p = 0; p < ${s.k}; p++) {
          const row = (u * ${s.k} + p) * ${s.inputs};
          let z = ${s.bias ? `${ctx.param("bias")}[u * ${s.k} + p]` : "0"};
          for (let i = 0; i < ${s.inputs}; i++) z += ${w}[row + i] * ${x}[b * ${s.inputs} + i];
          if (z > best) {
            best = z;
            bestPiece = p;
          }
        }
        ${ctx.output()}[b * ${s.units} + u] = best;
        ${winner}[b * ${s.units} + u] = bestPiece;
      }
    }`;
}

/** Only the winning piece of each output receives its gradient. */
export function maxoutBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const s = maxoutSizes(node);
  const x = ctx.input();
  const dy = ctx.outputGrad();
  const dW = ctx.paramGrad("weight");
  const dBias = s.bias ? ctx.paramGrad("bias") : undefined;
  const dx = ctx.inputGrad();
  if (dW === undefined && dBias === undefined && dx === undefined) return "";
  const winner = ctx.scratch("winner", s.units, { type: "i32", perSample: true });
  return `
    ${dW !== undefined ? `${dW}.fill(0);` : ""}
    ${dBias !== undefined ? `${dBias}.fill(0);` : ""}
    ${dx !== undefined ? clearInputGrad(node, ctx, dx) : ""}
    for (let b = 0; b < n; b++) {
      for (let u = 0; u < ${s.units}; u++) {
        const g = ${dy}[b * ${s.units} + u];
        const piece = u * ${s.k} + ${winner}[b * ${s.units} + u];
        const row = piece * ${s.inputs};
        ${dBias !== undefined ? `${dBias}[piece] += g;` : ""}
        for (let i = 0; i < ${s.inputs}; i++) {
          ${dW !== undefined ? `${dW}[row + i] += g * ${x}[b * ${s.inputs} + i];` : ""}
          ${dx !== undefined ? `${dx}[b * ${s.inputs} + i] += g * ${ctx.param("weight")}[row + i];` : ""}
        }
      }
    }`;
}

// ── prelu: x for x > 0, alpha[c]·x otherwise (seed 001) ─────────────────────────

function preluLayout(node: LayerNode) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  const perChannel = node.params.find((p) => p.name === "alpha")!.shape[0] === channels;
  return { channels, positions: product(shape) / channels, perChannel };
}

/** Loops over every (sample, channel, position) with `i` the value's index and `a` its slope's index. */
function preluLoops(node: LayerNode, body: string): string {
  const l = preluLayout(node);
  return `
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < ${l.channels}; c++) {
        const a = ${l.perChannel ? "c" : "0"};
        const start = (b * ${l.channels} + c) * ${l.positions};
        for (let i = start; i < start + ${l.positions}; i++) {
          ${body}
        }
      }
    }`;
}

export function preluForward(node: LayerNode, ctx: LoopsEmitContext): string {
  const x = ctx.input();
  return preluLoops(
    node,
    `const v = ${x}[i]; ${ctx.output()}[i] = v > 0 ? v : ${ctx.param("alpha")}[a] * v;`,
  );
}

export function preluBackward(node: LayerNode, ctx: LoopsEmitContext): string {
  const x = ctx.input();
  const dy = ctx.outputGrad();
  const dAlpha = ctx.paramGrad("alpha");
  const dx = ctx.inputGrad();
  if (dAlpha === undefined && dx === undefined) return "";
  const alpha = ctx.param("alpha");
  return `
    ${dAlpha !== undefined ? `${dAlpha}.fill(0);` : ""}
    ${preluLoops(
      node,
      `const v = ${x}[i];
      ${dAlpha !== undefined ? `if (v <= 0) ${dAlpha}[a] += ${dy}[i] * v;` : ""}
      ${dx !== undefined ? `${dx}[i] ${assign(ctx)} v > 0 ? ${dy}[i] : ${alpha}[a] * ${dy}[i];` : ""}`,
    )}`;
}
