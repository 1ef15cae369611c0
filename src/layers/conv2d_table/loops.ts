import type { LayerNode } from "../../ir/ir.js";
import type { LoopsEmitContext, LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { clearInputGrad } from "../../codegen/loops/lib/arrays.js";
import { planar } from "../../codegen/common/planar-window.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** Output map j convolves only the input maps of table[j] (seed 004's C3), from the packed weight. */

type Attrs = ResolvedAttrsOf<"conv2d_table">;

/**
 * The loop nest over every (sample, output map j, connected input map, output position,
 * kernel tap), with `xi` the input index, `yi` the output index and `wi` the packed
 * weight index in scope of `tap`; `open`/`close` run per (sample, j, position). The table
 * is two constant arrays: the input map of each packed row, and each map's first row.
 */
function tableLoops(
  node: LayerNode<Attrs>,
  ctx: LoopsEmitContext,
  body: { open: string; tap: string; close: string },
): string {
  const p = planar(node.attrs.window);
  const inputs = ctx.constant("tableInputs", node.attrs.table.flat());
  const offsets = ctx.constant("tableOffsets", node.attrs.tableOffsets);
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

export const conv2dTableLoops: LoopsLayerEmitter<Attrs> = {
  forward(node, ctx) {
    const weight = ctx.param("weight");
    return tableLoops(node, ctx, {
      open: `let sum = ${node.attrs.bias ? `${ctx.param("bias")}[j]` : "0"};`,
      tap: `sum += ${ctx.input()}[xi] * ${weight}[wi];`,
      close: `${ctx.output()}[yi] = sum;`,
    });
  },
  backward(node, ctx) {
    const dy = ctx.outputGrad();
    const dWeight = ctx.paramGrad("weight");
    const dBias = node.attrs.bias ? ctx.paramGrad("bias") : undefined;
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
  },
};
