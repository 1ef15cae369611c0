import type { LayerNode } from "../../ir/ir.js";

/** How a layer kind emits TensorFlow.js code. Defined in full by the tfjs backend. */
export interface TfjsLayerEmitter {
  forward(node: LayerNode, ctx: unknown): string;
}
