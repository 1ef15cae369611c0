import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { denseBackward, denseForward, type DenseIo } from "../../codegen/wasm/kernels/dense.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";

/** dense: y = W·x + b over the whole batch (../kernels/dense.ts). */
function io(node: LayerNode<ResolvedAttrsOf<"dense">>, ctx: WasmEmitContext, y: number): DenseIo {
  const hasBias = node.params.some((t) => t.name === "bias");
  return {
    inputs: node.inputShapes[0]![0]!,
    outputs: node.outputShape[0]!,
    x: ctx.input(),
    y,
    weight: ctx.param("weight"),
    ...(hasBias ? { bias: ctx.param("bias") } : {}),
  };
}

export const denseWasm: WasmLayerEmitter<ResolvedAttrsOf<"dense">> = {
  forward: (node, ctx) => denseForward(ctx, io(node, ctx, ctx.output())),
  backward(node, ctx) {
    const hasBias = node.params.some((t) => t.name === "bias");
    const dw = ctx.paramGrad("weight");
    const db = hasBias ? ctx.paramGrad("bias") : undefined;
    const dx = ctx.inputGrad();
    return denseBackward(ctx, io(node, ctx, ctx.outputGrad()), {
      ...(dw !== undefined ? { dw } : {}),
      ...(db !== undefined ? { db } : {}),
      ...(dx !== undefined ? { dx } : {}),
      accumulate: ctx.accumulatesInputGrad(),
    });
  },
};
