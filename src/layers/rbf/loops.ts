import type { LayerNode } from "../../ir/ir.js";
import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { clearInputGrad } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** y_u = ±Σ_j (x_j − w_uj)² (seed 004's output layer); d y_u / d x_j = ±2(x_j − w_uj) = −d y_u / d w_uj. */

type Attrs = ResolvedAttrsOf<"rbf">;

function sizes(node: LayerNode<Attrs>): { inputs: number; units: number; sign: number } {
  return {
    inputs: node.inputShapes[0]![0]!,
    units: node.outputShape[0]!,
    sign: node.attrs.negate ? -1 : 1,
  };
}

export const rbfLoops: LoopsLayerEmitter<Attrs> = {
  forward(node, ctx) {
    const { inputs, units, sign } = sizes(node);
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
  },
  backward(node, ctx) {
    const { inputs, units, sign } = sizes(node);
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
  },
};
