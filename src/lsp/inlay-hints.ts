import {
  InlayHintKind,
  type CancellationToken,
  type InlayHint,
  type Range,
} from "vscode-languageserver/node";
import type { SourceText } from "../diagnostics/span.js";
import type { ChainItem, SourceFileNode } from "../syntax/ast.js";
import { bodyDeclarations, chainItems } from "./ast-query.js";
import { rangesOverlap, spanToRange } from "./convert.js";
import { Cancelled, nextTurn } from "./safe.js";
import { showShape, type ShapeIndex } from "./shape-index.js";

/** Items looked at between two checks of the cancellation token (and turns of the event loop). */
const ITEMS_PER_TURN = 2_000;

/**
 * The output shape after each chain item, `: [16, 5, 5]`, where the user has not
 * written an assertion. Inside a block used with several input shapes the hint lists
 * each (`: [64, 32, 32] | [128, 16, 16]`).
 *
 * Only the requested range is computed: declarations and items outside it are passed over
 * by their line numbers, before any shape lookup, so a request for the visible lines of a
 * 200,000-layer file costs what those lines cost. A whole-document request (Neovim asks for
 * the buffer) is linear, and yields to the event loop every few thousand items so that a
 * $/cancelRequest is seen; it then throws `Cancelled`.
 */
export async function inlayHints(
  file: SourceFileNode,
  source: SourceText,
  shapes: ShapeIndex,
  range: Range,
  token?: CancellationToken,
): Promise<InlayHint[]> {
  const hints: InlayHint[] = [];
  let seen = 0;
  for (const declaration of bodyDeclarations(file)) {
    if (!linesOverlap(range, declaration.span.line, declaration.span.endLine)) continue;
    for (const item of chainItems(declaration.body ?? [])) {
      if (++seen % ITEMS_PER_TURN === 0) {
        await nextTurn();
        if (token?.isCancellationRequested) throw new Cancelled();
      }
      if (item.assertion !== undefined) continue;
      // After the repetition count, if any: the hint is the shape the whole item produces.
      const endLine = Math.max(item.span.endLine, item.repeat?.span.endLine ?? 0);
      if (!linesOverlap(range, endLine, endLine)) continue;
      const hint = hintAfter(item, source, shapes, range);
      if (hint !== undefined) hints.push(hint);
    }
  }
  return hints;
}

function hintAfter(
  item: ChainItem,
  source: SourceText,
  shapes: ShapeIndex,
  range: Range,
): InlayHint | undefined {
  const end = Math.max(item.span.end, item.repeat?.span.end ?? 0);
  const position = spanToRange(source.span(end, end)).start;
  if (!rangesOverlap(range, { start: position, end: position })) return undefined;
  const outputs = shapes.outputShapes(item);
  if (outputs.length === 0) return undefined;
  // A residual's output belongs after its closing brace, which is the end of its span.
  return {
    position,
    label: `: ${outputs.map(showShape).join(" | ")}`,
    kind: InlayHintKind.Type,
    paddingLeft: true,
  };
}

/** Whether 1-based lines first…last meet the (0-based) range's lines. */
function linesOverlap(range: Range, first: number, last: number): boolean {
  return last - 1 >= range.start.line && first - 1 <= range.end.line;
}
