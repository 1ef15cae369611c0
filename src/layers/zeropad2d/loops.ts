import type { LayerNode } from "../../ir/ir.js";
import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { assignInputGrad, product } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

type Attrs = ResolvedAttrsOf<"zeropad2d">;

/** Each input row, with `from` its index and `to` where it lands in the padded output. */
function padRows(node: LayerNode<Attrs>, body: string): string {
  const [channels, inH, inW] = node.inputShapes[0]! as [number, number, number];
  const [, outH, outW] = node.outputShape as [number, number, number];
  const { top, left } = node.attrs.sides;
  return `
    for (let plane = 0; plane < n * ${channels}; plane++) {
      for (let h = 0; h < ${inH}; h++) {
        const from = (plane * ${inH} + h) * ${inW};
        const to = (plane * ${outH} + h + ${top}) * ${outW} + ${left};
        ${body}
      }
    }`;
}

export const zeropad2dLoops: LoopsLayerEmitter<Attrs> = {
  forward(node, ctx) {
    const inW = node.inputShapes[0]![2]!;
    return `
    ${ctx.output()}.fill(0, 0, n * ${product(node.outputShape)});
    ${padRows(node, `${ctx.output()}.set(${ctx.input()}.subarray(from, from + ${inW}), to);`)}`;
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    const inW = node.inputShapes[0]![2]!;
    return padRows(
      node,
      `for (let w = 0; w < ${inW}; w++) ${dx}[from + w] ${assignInputGrad(ctx)} ${ctx.outputGrad()}[to + w];`,
    );
  },
};
