import { InlayHintKind, type InlayHint, type Range } from "vscode-languageserver/node";
import type { SourceText } from "../diagnostics/span.js";
import type { SourceFileNode } from "../syntax/ast.js";
import { bodyDeclarations, chainItems } from "./ast-query.js";
import { rangesOverlap, spanToRange } from "./convert.js";
import { showShape, type ShapeIndex } from "./shape-index.js";

/**
 * The output shape after each chain item, `: [16, 5, 5]`, where the user has not
 * written an assertion. Inside a block used with several input shapes the hint lists
 * each (`: [64, 32, 32] | [128, 16, 16]`).
 */
export function inlayHints(
  file: SourceFileNode,
  source: SourceText,
  shapes: ShapeIndex,
  range: Range,
): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const declaration of bodyDeclarations(file)) {
    for (const item of chainItems(declaration.body ?? [])) {
      if (item.assertion !== undefined) continue;
      const outputs = shapes.outputShapes(item);
      if (outputs.length === 0) continue;
      // After the repetition count, if any: the hint is the shape the whole item produces.
      const end = Math.max(item.span.end, item.repeat?.span.end ?? 0);
      const lspEnd = spanToRange(source.span(end, end)).start;
      if (!rangesOverlap(range, { start: lspEnd, end: lspEnd })) continue;
      // A residual's output belongs after its closing brace, which is the end of its span.
      hints.push({
        position: lspEnd,
        label: `: ${outputs.map(showShape).join(" | ")}`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
      });
    }
  }
  return hints;
}
