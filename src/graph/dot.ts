import type { GraphCluster, GraphNode, NetworkGraph } from "./network-graph.js";

/**
 * Graphviz DOT for a network graph: top to bottom, one box per layer with its call and
 * output shape, blocks as labelled clusters (nested as the blocks nest), joins of
 * branches as ellipses, residual shortcuts dashed. Deterministic: the same model gives
 * the same text.
 */

const STYLE: Record<GraphNode["role"], string> = {
  input: 'shape=box, style="rounded,filled", fillcolor="#e8e8e8"',
  parametric: 'shape=box, style="rounded,filled", fillcolor="#dbe9f6"',
  op: 'shape=box, style="rounded,filled", fillcolor="#f6f6f6"',
  join: 'shape=ellipse, style=filled, fillcolor="#fde9c9"',
};

export function toDot(graph: NetworkGraph): string {
  const nodeById = new Map(graph.nodes.map((node) => [node.id, node]));
  const lines: string[] = [
    `digraph ${quote(graph.model)} {`,
    "  rankdir=TB;",
    '  graph [fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.3];',
    // Graphviz sizes boxes with Helvetica's metrics; viewers often substitute a wider
    // sans-serif, so the margin leaves room for it.
    '  node [fontname="Helvetica", fontsize=11, margin="0.2,0.06", color="#5a6b7b", penwidth=1];',
    '  edge [fontname="Helvetica", fontsize=9, color="#5a6b7b", fontcolor="#5a6b7b", arrowsize=0.7];',
  ];
  const writeNode = (id: string, indent: string) => {
    const node = nodeById.get(id)!;
    const output = id === graph.output ? ", penwidth=2" : "";
    lines.push(
      `${indent}${quote(id)} [label=${quote(`${node.call}\n${node.shape}`)}, ${STYLE[node.role]}${output}];`,
    );
  };
  const writeCluster = (cluster: GraphCluster, indent: string) => {
    lines.push(`${indent}subgraph ${cluster.id} {`);
    lines.push(
      `${indent}  label=${quote(cluster.label)}; labeljust=l; style="rounded,dashed"; color="#8a9aaa";`,
    );
    for (const id of cluster.nodeIds) writeNode(id, `${indent}  `);
    for (const child of cluster.children) writeCluster(child, `${indent}  `);
    lines.push(`${indent}}`);
  };
  for (const id of graph.topLevel) writeNode(id, "  ");
  for (const cluster of graph.clusters) writeCluster(cluster, "  ");
  for (const edge of graph.edges) {
    lines.push(
      `  ${quote(edge.from)} -> ${quote(edge.to)}${edge.shortcut ? ' [style=dashed, label=" shortcut"]' : ""};`,
    );
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function quote(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`;
}
