export {
  buildNetworkGraph,
  layerCall,
  formatShape,
  type NetworkGraph,
  type GraphNode,
  type GraphEdge,
  type GraphCluster,
  type GraphOptions,
} from "./network-graph.js";
export { toDot } from "./dot.js";
export { toMermaid } from "./mermaid.js";
export { toSvg } from "./svg.js";
