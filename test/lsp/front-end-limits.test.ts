import { describe, expect, it } from "vitest";
import { analyze } from "../../src/lsp/frontend.js";
import { hoverAt } from "../../src/lsp/hover.js";
import { inlayHints } from "../../src/lsp/inlay-hints.js";
import { documentSymbols } from "../../src/lsp/navigation.js";
import { ShapeIndex } from "../../src/lsp/shape-index.js";

/**
 * The language server's checking path (analysis, then hover, inlay hints and symbols over
 * the checker's IR) on the inputs that hung or crashed the front end (issue 11, items 3–6),
 * and on programs at the layer limit. Time bounds are bounds against hangs: each request
 * once took seconds or never ended.
 */

const everywhere = { start: { line: 0, character: 0 }, end: { line: 1_000_000, character: 0 } };

async function serve(text: string) {
  const started = performance.now();
  const analysis = analyze("/m/main.net", text, { readFile: () => undefined });
  const shapes = new ShapeIndex(analysis.program, analysis.nodes);
  const file = analysis.file!;
  const hints = await inlayHints(file, analysis.source, shapes, everywhere);
  const hovers = [];
  for (let offset = 0; offset < Math.min(text.length, 300); offset += 5)
    hovers.push(hoverAt(file, offset, shapes, [file]));
  documentSymbols(file, shapes);
  return { analysis, hints, hovers, elapsed: performance.now() - started };
}

describe("the language server on the front end's pathological inputs", () => {
  it.each([
    [
      "stray lines after a model",
      "model M {\n  input [4]\n  dense(2)\n}\n" + "relu\n".repeat(2_000),
    ],
    ["a repetition of 100,000,000", "model M {\n  input [4]\n  relu * 100000000\n}\n"],
    [
      "a stride of 99999999999999999999",
      "model M {\n  input [4, 28, 28]\n  conv2d(4, 3, stride=99999999999999999999, pad=1)\n}\n",
    ],
    ["a billion filters", "model M {\n  input [3, 32, 32]\n  conv2d(1000000000, 3)\n}\n"],
  ])("answers %s with diagnostics, within a second", async (_, text) => {
    const { analysis, elapsed } = await serve(text);
    expect(elapsed).toBeLessThan(1000);
    expect(analysis.diagnostics.length).toBeGreaterThan(0);
  });

  it("answers hover and inlay hints on a program at the layer limit, nested through blocks", async () => {
    const text = [
      "block a {",
      "  relu * 100",
      "}",
      "block b {",
      "  a * 10",
      "}",
      "model M {",
      "  input [4]",
      "  b * 10",
      "}",
    ].join("\n");
    const { analysis, hints, elapsed } = await serve(text);
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.program!.models[0]!.nodes).toHaveLength(10_000);
    expect(hints.map((h) => h.label)).toEqual([": [4]", ": [4]", ": [4]"]);
    // analysis of 10,000 layers included; the requests alone once took seconds
    expect(elapsed).toBeLessThan(3000);
  });
});
