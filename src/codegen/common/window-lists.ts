import { windowOf, type LayerNode } from "../../ir/ir.js";

/**
 * A window's geometry (src/ir/ir.ts) as per-axis lists, the way PyTorch's and ONNX's
 * operators take them: kernel, stride and dilation per spatial axis, and the padding
 * as [before, after] per axis.
 */
export interface WindowLists {
  kernel: number[];
  stride: number[];
  dilation: number[];
  padding: [number, number][];
}

export function windowLists(node: LayerNode): WindowLists {
  const window = windowOf(node);
  if (window === undefined)
    throw new Error(`netc bug: ${node.kind} node ${node.id} carries no window geometry`);
  return {
    kernel: window.axes.map((axis) => axis.kernel),
    stride: window.axes.map((axis) => axis.stride),
    dilation: window.axes.map((axis) => axis.dilation),
    padding: window.axes.map((axis) => [axis.padBefore, axis.padAfter]),
  };
}
