import type { LayerNode } from "../../../ir/ir.js";
import { product } from "../geometry.js";
import { copyRecordTensor } from "./records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../layer-emitter.js";

/**
 * flatten and reshape: the channels-first order of a record is already the flat order,
 * so the output *is* the input (the plan gives both the same memory) and the forward
 * pass emits nothing. The gradient is shared too, unless the input feeds other nodes
 * as well; then the output's gradient is added into the input's.
 */
function forward(): string {
  return "";
}

function backward(node: LayerNode, ctx: WasmEmitContext): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  return copyRecordTensor(
    ctx,
    product(node.outputShape),
    ctx.outputGrad(),
    dx,
    ctx.accumulatesInputGrad(),
  );
}

export const viewWasm: WasmLayerEmitter = { view: true, forward, backward };
