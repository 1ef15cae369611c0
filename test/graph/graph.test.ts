import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  buildNetworkGraph,
  toDot,
  toMermaid,
  toSvg,
  type NetworkGraph,
} from "../../src/graph/index.js";
import { checkText } from "../../src/semantics/index.js";

/** `netc graph`'s pictures: golden DOT and Mermaid for LeNet-5 and a residual network, and the SVG Graphviz lays out. */

const root = fileURLToPath(new URL("../../", import.meta.url));

function graphOf(relativePath: string): NetworkGraph {
  const text = readFileSync(path.join(root, relativePath), "utf8");
  const result = checkText(relativePath, text);
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return buildNetworkGraph(result.program.models[0]!, {
    sourceOf: (span) => (span.file === relativePath ? text.slice(span.start, span.end) : undefined),
  });
}

describe("netc graph", () => {
  it("LeNet-5: one node per layer with its call and output shape, in a chain", async () => {
    const graph = graphOf("models/lenet5.net");
    expect(graph.nodes.map((n) => `${n.call} ${n.shape}`)).toEqual([
      "input [1, 28, 28]",
      "conv2d(6, 5, pad=2) [6, 28, 28]",
      "relu [6, 28, 28]",
      "maxpool2d(2) [6, 14, 14]",
      "conv2d(16, 5) [16, 10, 10]",
      "relu [16, 10, 10]",
      "maxpool2d(2) [16, 5, 5]",
      "flatten [400]",
      "dense(120) [120]",
      "relu [120]",
      "dense(84) [84]",
      "relu [84]",
      "dense(10) [10]",
    ]);
    expect(graph.clusters).toEqual([]);
    await expect(toDot(graph)).toMatchFileSnapshot("fixtures/lenet5.dot");
    await expect(toMermaid(graph)).toMatchFileSnapshot("fixtures/lenet5.mmd");
  });

  it("a residual network: blocks become clusters labelled with their call, shortcuts are marked", async () => {
    const graph = graphOf("test/graph/fixtures/residual.net");
    expect(graph.clusters.map((c) => [c.label, c.nodeIds.length])).toEqual([
      ["basic(8) · line 16", 7],
      ["basic(16, stride=2) · line 17", 9],
    ]);
    // identity shortcut from the block's input; projection shortcut through conv2d(16, 1, stride=2)
    expect(graph.edges.filter((e) => e.shortcut).map((e) => `${e.from}->${e.to}`)).toEqual([
      "relu_1->add_1",
      "batchnorm_5->add_2",
    ]);
    expect(graph.nodes.find((n) => n.id === "conv2d_6")!.call).toBe(
      "conv2d(16, 1, stride=2, bias=false)",
    );
    expect(graph.nodes.filter((n) => n.role === "join").map((n) => n.id)).toEqual([
      "add_1",
      "add_2",
    ]);
    await expect(toDot(graph)).toMatchFileSnapshot("fixtures/residual.dot");
    await expect(toMermaid(graph)).toMatchFileSnapshot("fixtures/residual.mmd");
  });

  it("SVG from Graphviz has one node per layer, labelled with its call and shape", async () => {
    const graph = graphOf("models/lenet5.net");
    const svg = await toSvg(graph);
    expect(svg.startsWith("<?xml")).toBe(true);
    const titles = [
      ...svg.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]+)<\/title>/g),
    ].map((m) => m[1]);
    expect(titles).toEqual(graph.nodes.map((n) => n.id));
    expect(svg).toContain(">conv2d(6, 5, pad=2)</text>");
    expect(svg).toContain(">[16, 5, 5]</text>");
    expect([...svg.matchAll(/class="edge"/g)]).toHaveLength(12);
  });

  it("SVG of the residual network draws its blocks as clusters", async () => {
    const svg = await toSvg(graphOf("test/graph/fixtures/residual.net"));
    expect([...svg.matchAll(/class="cluster"/g)]).toHaveLength(2);
    expect(svg).toContain(">basic(16, stride=2) · line 17</text>");
  });
});
