import { windowOf, type LayerNode } from "../../ir/ir.js";
import { planar, type PlanarWindow } from "../common/planar-window.js";

export { product } from "../loops/lib/arrays.js";

/**
 * The geometry of a windowed node (convolution, pooling, subsampling) in two dimensions,
 * from the window the checker resolved into the IR: a 1-D window is a 2-D one of height 1,
 * so one kernel serves both.
 */
export type Window2d = PlanarWindow;

export function window2d(node: LayerNode): Window2d {
  const window = windowOf(node);
  if (window === undefined)
    throw new Error(`wasm backend: ${node.kind} node ${node.id} carries no window geometry`);
  return planar(window);
}
