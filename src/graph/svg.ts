import { instance } from "@viz-js/viz";
import { toDot } from "./dot.js";
import type { NetworkGraph } from "./network-graph.js";

/**
 * SVG through Graphviz itself, compiled to WebAssembly (@viz-js/viz, self-contained: no
 * binary download, no system Graphviz), so the layout is Graphviz's `dot` and the picture
 * matches `netc graph --format dot | dot -Tsvg`.
 */
export async function toSvg(graph: NetworkGraph): Promise<string> {
  const viz = await instance();
  return viz.renderString(toDot(graph), { format: "svg", engine: "dot" });
}
