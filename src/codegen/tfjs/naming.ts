import type { LayerNode, ModelIR } from "../../ir/ir.js";

/** Names, literals and comments shared by the tfjs emitters. */

/** A node id as a TypeScript identifier (ids are `conv2d_1` or a user's `name = "c1"`). */
export function identifierFor(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_$]/g, "_");
  return /^[A-Za-z_$]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

export { literal, where } from "../common/literals.js";
import { where } from "../common/literals.js";

/**
 * The comment above a node's code: the call as written (when the source text is known),
 * where it is, through which blocks, and the node's output shape.
 */
export function nodeComment(node: LayerNode, source: string | undefined): string {
  const through = node.callStack.map((call) => `${call.block} (${where(call.span)})`).join(" → ");
  const via = through === "" ? "" : ` via ${through}`;
  const written = source?.slice(node.span.start, node.span.end).split("\n")[0]!.trim() ?? "";
  const call = written === "" ? node.kind : written;
  return `// ${call}  — ${where(node.span)}${via} → [${node.outputShape.join(", ")}]`;
}

export function modelClassName(model: ModelIR): string {
  return `${identifierFor(model.name)}Model`;
}
