import type { LayerNode } from "../../ir/ir.js";

/** How a layer kind emits plain-loops code. Defined in full by the loops backend. */
export interface LoopsLayerEmitter {
  forward(node: LayerNode, ctx: unknown): string;
  backward(node: LayerNode, ctx: unknown): string;
}
