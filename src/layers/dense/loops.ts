import type { LayerNode } from "../../ir/ir.js";
import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { emitGemm } from "../../codegen/loops/lib/gemm.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/**
 * Fully connected layer, y = W·x + b with W stored [out, in] (PyTorch's layout). Seed
 * 004's FC is np.dot(X, W) + b forward and two more np.dot calls backward; here each of
 * the three products is a register-blocked loop nest over the whole batch:
 *
 *   y[b, o]  = bias[o] + Σ_i x[b, i] · W[o, i]
 *   dW[o, i] = Σ_b dy[b, o] · x[b, i]          dbias[o] = Σ_b dy[b, o]
 *   dx[b, i] = Σ_o dy[b, o] · W[o, i]
 */
function sizes(node: LayerNode): { inputs: number; outputs: number } {
  return { inputs: node.inputShapes[0]![0]!, outputs: node.outputShape[0]! };
}

export const denseLoops: LoopsLayerEmitter<ResolvedAttrsOf<"dense">> = {
  forward(node, ctx) {
    const { inputs, outputs } = sizes(node);
    const product = emitGemm({
      M: "n",
      N: outputs,
      K: inputs,
      A: { array: ctx.input(), base: "0", rowStride: inputs, colStride: 1 },
      B: { array: ctx.param("weight"), base: "0", rowStride: 1, colStride: inputs },
      C: { array: ctx.output(), base: "0", rowStride: outputs, colStride: 1 },
      op: "=",
      tag: "",
    });
    if (!node.attrs.bias) return product;
    const bias = ctx.param("bias");
    return `${product}
    for (let b = 0; b < n; b++) {
      for (let o = 0; o < ${outputs}; o++) ${ctx.output()}[b * ${outputs} + o] += ${bias}[o];
    }`;
  },
  backward(node, ctx) {
    const { inputs, outputs } = sizes(node);
    const dy = ctx.outputGrad();
    const dx = ctx.inputGrad();
    const dw = ctx.paramGrad("weight");
    const db = node.attrs.bias ? ctx.paramGrad("bias") : undefined;
    const parts: string[] = [];
    if (db !== undefined) {
      parts.push(`
      ${db}.fill(0);
      for (let b = 0; b < n; b++) {
        for (let o = 0; o < ${outputs}; o++) ${db}[o] += ${dy}[b * ${outputs} + o];
      }`);
    }
    if (dw !== undefined) {
      parts.push(
        emitGemm({
          M: outputs,
          N: inputs,
          K: "n",
          A: { array: dy, base: "0", rowStride: 1, colStride: outputs },
          B: { array: ctx.input(), base: "0", rowStride: inputs, colStride: 1 },
          C: { array: dw, base: "0", rowStride: inputs, colStride: 1 },
          op: "=",
          tag: "w",
        }),
      );
    }
    if (dx !== undefined) {
      parts.push(
        emitGemm({
          M: "n",
          N: inputs,
          K: outputs,
          A: { array: dy, base: "0", rowStride: outputs, colStride: 1 },
          B: { array: ctx.param("weight"), base: "0", rowStride: inputs, colStride: 1 },
          C: { array: dx, base: "0", rowStride: inputs, colStride: 1 },
          op: ctx.accumulatesInputGrad() ? "+=" : "=",
          tag: "x",
        }),
      );
    }
    return parts.join("\n");
  },
};
