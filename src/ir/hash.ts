import { createHash } from "node:crypto";
import type { ModelIR } from "./ir.js";

/**
 * A stable hash of everything that decides the meaning of a model's weights (not spans,
 * comments or initializers): every backend writes it into checkpoints, so a checkpoint
 * names the model it belongs to whichever backend wrote it, and resuming into another
 * model is refused.
 */
export function irHash(model: ModelIR): string {
  const essence = {
    inputShape: model.inputShape,
    output: model.output,
    nodes: model.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      attrs: n.attrs,
      inputs: n.inputs,
      outputShape: n.outputShape,
      params: n.params.map((p) => [p.name, p.shape]),
      buffers: n.buffers.map((b) => [b.name, b.shape]),
    })),
  };
  return createHash("sha256").update(JSON.stringify(essence)).digest("hex").slice(0, 16);
}
