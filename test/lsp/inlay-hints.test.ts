import { describe, expect, it } from "vitest";
import type { CancellationToken } from "vscode-languageserver/node";
import { analyze } from "../../src/lsp/frontend.js";
import { inlayHints } from "../../src/lsp/inlay-hints.js";
import { Cancelled } from "../../src/lsp/safe.js";
import { ShapeIndex } from "../../src/lsp/shape-index.js";

/**
 * Inlay hints are computed for the requested range only (a 40,000-layer file took 5.3 s
 * for any range and 200,000 layers never answered: every item's shape was looked up, each
 * lookup scanning every node), and a long computation stops when its request is cancelled.
 * The model here has 8,000 layers (4,000 lines of `dense(64) -> relu`), under the checker's
 * limit of 10,000 per program.
 */

function deepModel(lines: number): string {
  const text = ["model Deep {", "  input [784]"];
  for (let i = 0; i < lines; i++) text.push("  dense(64) -> relu");
  text.push("}", "");
  return text.join("\n");
}

/** A ShapeIndex that counts the shape lookups the hints make. */
function counted(shapes: ShapeIndex): { shapes: ShapeIndex; lookups: () => number } {
  let lookups = 0;
  const outputShapes = shapes.outputShapes.bind(shapes);
  shapes.outputShapes = (item) => {
    lookups++;
    return outputShapes(item);
  };
  return { shapes, lookups: () => lookups };
}

const lines = 4_000;
const analysis = analyze("/virtual/deep.net", deepModel(lines), { readFile: () => undefined });

describe("inlay hints for an 8,000-layer model", () => {
  it("look up only the items of the requested lines", async () => {
    const { shapes, lookups } = counted(new ShapeIndex(analysis.program, analysis.nodes));
    // lines 2,000…2,009 (0-based), each `dense(64) -> relu`: two hints a line
    const range = { start: { line: 2_000, character: 0 }, end: { line: 2_009, character: 100 } };
    const hints = await inlayHints(analysis.file!, analysis.source, shapes, range);
    expect(
      hints.map((h) => `${h.position.line}:${h.position.character} ${String(h.label)}`),
    ).toEqual(
      Array.from({ length: 10 }, (_, i) => [
        `${2_000 + i}:11 : [64]`,
        `${2_000 + i}:19 : [64]`,
      ]).flat(),
    );
    expect(lookups()).toBe(20);
  });

  it("give every hint for the whole document", async () => {
    const shapes = new ShapeIndex(analysis.program, analysis.nodes);
    const range = { start: { line: 0, character: 0 }, end: { line: lines + 3, character: 0 } };
    const hints = await inlayHints(analysis.file!, analysis.source, shapes, range);
    expect(analysis.diagnostics).toEqual([]);
    expect(hints).toHaveLength(2 * lines);
    expect(String(hints.at(-1)!.label)).toBe(": [64]");
  });

  it("stop with Cancelled once the request is cancelled, between chunks of items", async () => {
    let checks = 0;
    // cancelled from the second look on: the first chunk of items runs, the rest does not
    const token = {
      get isCancellationRequested() {
        return ++checks > 1;
      },
      onCancellationRequested: () => ({ dispose() {} }),
    } as CancellationToken;
    const { shapes, lookups } = counted(new ShapeIndex(analysis.program, analysis.nodes));
    const range = { start: { line: 0, character: 0 }, end: { line: lines + 3, character: 0 } };
    await expect(
      inlayHints(analysis.file!, analysis.source, shapes, range, token),
    ).rejects.toBeInstanceOf(Cancelled);
    expect(lookups()).toBeGreaterThan(0);
    expect(lookups()).toBeLessThan(2 * lines);
  });
});
