import type { GraphCluster, GraphNode, NetworkGraph } from "./network-graph.js";

/**
 * Mermaid flowchart text for a network graph (renders on GitHub and in many editors):
 * the same content as the DOT picture, blocks as nested subgraphs, joins as circles,
 * shortcuts as dotted arrows.
 */

export function toMermaid(graph: NetworkGraph): string {
  const nodeById = new Map(graph.nodes.map((node) => [node.id, node]));
  const lines: string[] = ["flowchart TB"];
  const writeNode = (id: string, indent: string) => {
    const node = nodeById.get(id)!;
    lines.push(`${indent}${id}${shape(node.role, `${node.call}<br/>${node.shape}`)}`);
  };
  const writeCluster = (cluster: GraphCluster, indent: string) => {
    lines.push(`${indent}subgraph ${cluster.id}[${text(cluster.label)}]`);
    for (const id of cluster.nodeIds) writeNode(id, `${indent}  `);
    for (const child of cluster.children) writeCluster(child, `${indent}  `);
    lines.push(`${indent}end`);
  };
  for (const id of graph.topLevel) writeNode(id, "  ");
  for (const cluster of graph.clusters) writeCluster(cluster, "  ");
  for (const edge of graph.edges) {
    lines.push(`  ${edge.from} ${edge.shortcut ? "-. shortcut .->" : "-->"} ${edge.to}`);
  }
  lines.push(`  classDef parametric fill:#dbe9f6,stroke:#5a6b7b`);
  lines.push(`  classDef join fill:#fde9c9,stroke:#5a6b7b`);
  const byRole = (role: GraphNode["role"]) =>
    graph.nodes.filter((n) => n.role === role).map((n) => n.id);
  for (const role of ["parametric", "join"] as const) {
    const ids = byRole(role);
    if (ids.length > 0) lines.push(`  class ${ids.join(",")} ${role}`);
  }
  return `${lines.join("\n")}\n`;
}

function shape(role: GraphNode["role"], label: string): string {
  const quoted = text(label);
  if (role === "join") return `((${quoted}))`;
  if (role === "input") return `[/${quoted}/]`;
  return `(${quoted})`;
}

/** A quoted Mermaid label; `"` cannot appear inside one, so it becomes #quot;. */
function text(label: string): string {
  return `"${label.replaceAll('"', "#quot;")}"`;
}
