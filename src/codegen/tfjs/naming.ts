import type { LayerNode, ModelIR } from "../../ir/ir.js";
import {
  commentText,
  firstLine,
  GENERATED_CODE_NAMES,
  isUsableTsIdentifier,
  tsIdentifier,
} from "../common/escape.js";

/** Names, literals and comments shared by the tfjs emitters. */

/**
 * A node id as a TypeScript identifier (ids are `conv2d_1` or a user's `name = "c1"`):
 * injective, and clear of reserved words, of every name the generated code uses and of
 * the names in `taken` (the model's class).
 */
export function identifierFor(id: string, taken: ReadonlySet<string> = new Set()): string {
  return tsIdentifier(
    id,
    taken.size === 0 ? GENERATED_CODE_NAMES : new Set([...GENERATED_CODE_NAMES, ...taken]),
  );
}

export { literal, where } from "../common/literals.js";
import { where } from "../common/literals.js";

/**
 * The comment above a node's code: the call as written (when the source text is known),
 * where it is, through which blocks, and the node's output shape.
 */
export function nodeComment(node: LayerNode, source: string | undefined): string {
  const through = node.callStack
    .map((call) => `${commentText(call.block)} (${where(call.span)})`)
    .join(" → ");
  const via = through === "" ? "" : ` via ${through}`;
  const written = commentText(
    firstLine(source?.slice(node.span.start, node.span.end) ?? "").trim(),
  );
  const call = written === "" ? node.kind : written;
  return `// ${call}  — ${where(node.span)}${via} → [${node.outputShape.join(", ")}]`;
}

/** The generated class: the model's name and `Model` (`LeNet5Model`), made safe as loopsClassName is. */
export function modelClassName(model: ModelIR): string {
  const name = `${model.name}Model`;
  return isUsableTsIdentifier(name) ? name : tsIdentifier(name);
}
