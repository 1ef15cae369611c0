import type { LayerNode } from "../../ir/ir.js";
import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { clearInputGrad } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** y_u = max_p (w_up·x + b_up) (seed 001); only the winning piece of each output receives its gradient. */

type Attrs = ResolvedAttrsOf<"maxout">;

function sizes(node: LayerNode<Attrs>) {
  return { inputs: node.inputShapes[0]![0]!, units: node.attrs.units, k: node.attrs.k };
}

export const maxoutLoops: LoopsLayerEmitter<Attrs> = {
  forward(node, ctx) {
    const s = sizes(node);
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
          let z = ${node.attrs.bias ? `${ctx.param("bias")}[u * ${s.k} + p]` : "0"};
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
  },
  backward(node, ctx) {
    const s = sizes(node);
    const x = ctx.input();
    const dy = ctx.outputGrad();
    const dW = ctx.paramGrad("weight");
    const dBias = node.attrs.bias ? ctx.paramGrad("bias") : undefined;
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
  },
};
