import type { Span } from "../diagnostics/span.js";
import type { AttrValue, LayerNode, ModelIR, Shape } from "../ir/ir.js";
import { getDefinition } from "../layers/definitions.js";

/**
 * The picture of a model as plain data, built from the IR alone: one node per layer
 * (its kind, its key arguments and its output shape), an edge per input, and nested
 * clusters for block expansions (from each node's callStack). The DOT, Mermaid and SVG
 * writers only lay this out; none of them looks at the IR.
 */

export interface GraphNode {
  id: string;
  /** The layer as a call: `conv2d(6, 5, pad=2)`, arguments at their defaults left out. */
  call: string;
  /** The output shape without the batch: `[6, 28, 28]`. */
  shape: string;
  /** How the node is drawn: the input, a layer with parameters, a parameter-free op, or a join of branches. */
  role: "input" | "parametric" | "op" | "join";
}

export interface GraphEdge {
  from: string;
  to: string;
  /** The shortcut's edge into a residual join (drawn dashed): from the block's input, or from its projection. */
  shortcut: boolean;
}

export interface GraphCluster {
  id: string;
  /** The block call as written (`basic(128, stride=2) · line 25`), or its name when the source is not at hand. */
  label: string;
  nodeIds: string[];
  children: GraphCluster[];
}

export interface NetworkGraph {
  model: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Nodes outside every block. */
  topLevel: string[];
  clusters: GraphCluster[];
  /** Id of the output node. */
  output: string;
}

export const INPUT_ID = "input";

export interface GraphOptions {
  /** The source text of a span, to label a block's cluster with its call as written (`basic(128, stride=2)`). */
  sourceOf?: (span: Span) => string | undefined;
}

export function buildNetworkGraph(model: ModelIR, options: GraphOptions = {}): NetworkGraph {
  const nodes: GraphNode[] = [
    { id: INPUT_ID, call: "input", shape: formatShape(model.inputShape), role: "input" },
  ];
  const edges: GraphEdge[] = [];
  for (const node of model.nodes) {
    nodes.push({
      id: node.id,
      call: layerCall(node),
      shape: formatShape(node.outputShape),
      role: node.inputs.length > 1 ? "join" : node.params.length > 0 ? "parametric" : "op",
    });
    node.inputs.forEach((input, index) => {
      // A residual's join lists the body first and the shortcut after it (expand.ts).
      edges.push({ from: input, to: node.id, shortcut: node.inputs.length > 1 && index > 0 });
    });
  }
  const { topLevel, clusters } = groupByCallStack(
    model.nodes,
    options.sourceOf ?? (() => undefined),
  );
  return {
    model: model.name,
    nodes,
    edges,
    topLevel: [INPUT_ID, ...topLevel],
    clusters,
    output: model.output,
  };
}

/**
 * Nested clusters from the call stacks. A cluster is one block call site at one depth;
 * its key is the chain of call sites down to it, so the same block called from two places
 * gives two clusters. A repeated call (`basic(64) * 2`) shares one call site and is drawn
 * as one cluster holding its repetitions.
 */
function groupByCallStack(
  layers: readonly LayerNode[],
  sourceOf: (span: Span) => string | undefined,
): { topLevel: string[]; clusters: GraphCluster[] } {
  const topLevel: string[] = [];
  const roots: GraphCluster[] = [];
  const byKey = new Map<string, GraphCluster>();
  for (const node of layers) {
    let siblings = roots;
    let key = "";
    let innermost: GraphCluster | undefined;
    for (const frame of node.callStack) {
      key += `/${frame.block}@${frame.span.file}:${frame.span.start}`;
      let cluster = byKey.get(key);
      if (cluster === undefined) {
        cluster = {
          id: `cluster_${byKey.size + 1}`,
          label: `${oneLine(sourceOf(frame.span)) ?? frame.block} · line ${frame.span.line}`,
          nodeIds: [],
          children: [],
        };
        byKey.set(key, cluster);
        siblings.push(cluster);
      }
      siblings = cluster.children;
      innermost = cluster;
    }
    if (innermost === undefined) topLevel.push(node.id);
    else innermost.nodeIds.push(node.id);
  }
  return { topLevel, clusters: roots };
}

/** `conv2d(6, 5, pad=2)`: required arguments by position, others by name when they differ from the default. */
export function layerCall(node: LayerNode): string {
  const kind = getDefinition(node.kind);
  if (kind === undefined) return node.kind;
  const parts: string[] = [];
  for (const spec of kind.params) {
    if (!(spec.name in node.attrs)) continue;
    const value = node.attrs[spec.name]!;
    if (spec.default === undefined) parts.push(formatValue(value));
    else if (!sameValue(value, spec.default)) parts.push(`${spec.name}=${formatValue(value)}`);
  }
  return parts.length === 0 ? kind.name : `${kind.name}(${parts.join(", ")})`;
}

function sameValue(a: AttrValue, b: AttrValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function formatValue(value: AttrValue): string {
  if (Array.isArray(value)) {
    // a connection table is long; its size says enough in a picture
    const long = value.length > 6 || value.some((item) => Array.isArray(item));
    return long ? `[${value.length} rows]` : `[${value.map(formatValue).join(", ")}]`;
  }
  if (typeof value === "number")
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

function oneLine(text: string | undefined): string | undefined {
  return text === undefined ? undefined : text.replace(/\s+/g, " ").trim();
}
