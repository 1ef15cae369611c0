import type { LayerNode } from "../../ir/ir.js";
import type { LoopsEmitContext, LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { clearInputGrad } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** Output i of an axis averages inputs ⌊i·In/Out⌋ … ⌈(i+1)·In/Out⌉ − 1; a 1-D input is a plane of height 1. */

type Attrs = ResolvedAttrsOf<"adaptive_avgpool">;

function layout(node: LayerNode<Attrs>) {
  const shape = node.inputShapes[0]!;
  const { bins } = node.attrs;
  return {
    channels: shape[0]!,
    inH: shape.length === 3 ? shape[1]! : 1,
    inW: shape[shape.length - 1]!,
    rows: shape.length === 3 ? bins[0]! : [[0, 1] as const],
    cols: bins[bins.length - 1]!,
  };
}

/** Loops over every (sample, channel, output bin) and the inputs of its bin (`i`), with `o` the output index. */
function binLoops(
  node: LayerNode<Attrs>,
  ctx: LoopsEmitContext,
  body: { open: string; tap: string; close: string },
): string {
  const a = layout(node);
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

export const adaptiveAvgpoolLoops: LoopsLayerEmitter<Attrs> = {
  forward: (node, ctx) =>
    binLoops(node, ctx, {
      open: "let sum = 0;",
      tap: `sum += ${ctx.input()}[i];`,
      close: `${ctx.output()}[o] = sum / area;`,
    }),
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    // bins may overlap, so the shares are added
    return `
    ${clearInputGrad(node, ctx, dx)}
    ${binLoops(node, ctx, { open: `const share = ${ctx.outputGrad()}[o] / area;`, tap: `${dx}[i] += share;`, close: "" })}`;
  },
};
