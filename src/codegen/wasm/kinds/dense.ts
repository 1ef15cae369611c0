import type { LayerNode } from "../../../ir/ir.js";
import { gemmDot, gemmOuter } from "../kernels/gemm.js";
import { eachRecord, exactVectors } from "../kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../layer-emitter.js";
import { add, get, load, set, storeLanes, zeroV128 } from "../wat.js";

/**
 * Fully connected layer, y = W·x + b with W stored [out, in] (PyTorch's layout), over the
 * whole batch at once. Sample rows are `recordBytes` apart, which the products take as
 * their row stride:
 *
 *   y[s, o]  = b[o] + Σ_i x[s, i]·W[o, i]     dot products along i (rows of x and of W)
 *   dW[o, i] = Σ_s dy[s, o]·x[s, i]           outer products along i
 *   dx[s, i] = Σ_o dy[s, o]·W[o, i]           outer products along i
 *   db[o]    = Σ_s dy[s, o]
 */
function sizes(node: LayerNode): { inputs: number; outputs: number } {
  return { inputs: node.inputShapes[0]![0]!, outputs: node.outputShape[0]! };
}

function forward(node: LayerNode, ctx: WasmEmitContext): string {
  const { inputs, outputs } = sizes(node);
  const hasBias = node.params.some((t) => t.name === "bias");
  return gemmDot({
    fn: ctx.fn,
    M: ctx.n,
    N: outputs,
    K: inputs,
    A: { base: ctx.records, offset: ctx.input(), row: ctx.recordBytes, col: 4 },
    B: { base: "(i32.const 0)", offset: ctx.param("weight"), row: inputs * 4, col: 4 },
    C: { base: ctx.records, offset: ctx.output(), row: ctx.recordBytes, col: 4 },
    op: "=",
    relaxed: ctx.relaxed,
    ...(hasBias ? { bias: ctx.param("bias") } : {}),
  });
}

function backward(node: LayerNode, ctx: WasmEmitContext): string {
  const { inputs, outputs } = sizes(node);
  const hasBias = node.params.some((t) => t.name === "bias");
  const dx = ctx.inputGrad();
  const dw = ctx.paramGrad("weight");
  const db = hasBias ? ctx.paramGrad("bias") : undefined;
  const parts: string[] = [];
  if (db !== undefined) {
    // one vector of db at a time, summed over the batch in a register
    const sum = ctx.fn.fresh("sum", "v128");
    parts.push(
      exactVectors(
        ctx,
        "(i32.const 0)",
        outputs,
        (q, lanes) => `
        ${set(sum, zeroV128)}
        ${eachRecord(ctx, (record) => set(sum, `(f32x4.add ${get(sum)} ${load("v128", add(record, q), ctx.outputGrad())})`))}
        ${storeLanes(add(ctx.grads, q), db, get(sum), lanes)}`,
      ),
    );
  }
  if (dw !== undefined) {
    parts.push(
      gemmOuter({
        fn: ctx.fn,
        M: outputs,
        N: inputs,
        K: ctx.n,
        A: { base: ctx.records, offset: ctx.outputGrad(), row: 4, col: ctx.recordBytes },
        B: { base: ctx.records, offset: ctx.input(), row: ctx.recordBytes, col: 4 },
        C: { base: ctx.grads, offset: dw, row: inputs * 4, col: 4 },
        op: "=",
        relaxed: ctx.relaxed,
      }),
    );
  }
  if (dx !== undefined) {
    parts.push(
      gemmOuter({
        fn: ctx.fn,
        M: ctx.n,
        N: inputs,
        K: outputs,
        A: { base: ctx.records, offset: ctx.outputGrad(), row: ctx.recordBytes, col: 4 },
        B: { base: "(i32.const 0)", offset: ctx.param("weight"), row: inputs * 4, col: 4 },
        C: { base: ctx.records, offset: dx, row: ctx.recordBytes, col: 4 },
        op: ctx.accumulatesInputGrad() ? "+=" : "=",
        relaxed: ctx.relaxed,
      }),
    );
  }
  return parts.join("\n");
}

export const denseWasm: WasmLayerEmitter = { forward, backward };
