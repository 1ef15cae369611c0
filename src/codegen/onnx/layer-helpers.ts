import type { LayerNode } from "../../ir/ir.js";
import { windowLists, type WindowLists } from "../common/window-lists.js";
import { int, ints, type Attribute } from "./graph.js";
import type { OnnxKindEmitter } from "./kind-emitter.js";

/** What several kinds' ONNX emitters share: windows (convolutions, poolings) as ONNX attributes. */

export type Window = WindowLists;
export const windowOf = windowLists;

/** ONNX's pads: every axis's padding before, then every axis's padding after. */
export function pads(window: Window): number[] {
  return [...window.padding.map(([before]) => before), ...window.padding.map(([, after]) => after)];
}

export function windowAttributes(window: Window, withDilation: boolean): Record<string, Attribute> {
  return {
    kernel_shape: ints(window.kernel),
    strides: ints(window.stride),
    pads: ints(pads(window)),
    ...(withDilation ? { dilations: ints(window.dilation) } : {}),
  };
}

/** conv1d and conv2d: Conv with the IR's weight [out, in/groups, k…] and group. */
export const convolutionOnnx: OnnxKindEmitter = {
  emit(node, ctx) {
    const inputs = [ctx.input(), ctx.tensor("weight")];
    if (node.attrs.bias === true) inputs.push(ctx.tensor("bias"));
    return ctx.op("Conv", inputs, {
      ...windowAttributes(windowOf(node), true),
      group: int((node.attrs.groups as number | undefined) ?? 1),
    });
  },
};

/** MaxPool (padding is −∞) and AveragePool counting the padding, as netc's average pooling does. */
export function poolingOnnx(kind: "max" | "avg"): OnnxKindEmitter {
  return {
    emit(node, ctx) {
      const attributes = windowAttributes(windowOf(node), false);
      return kind === "max"
        ? ctx.op("MaxPool", [ctx.input()], attributes)
        : ctx.op("AveragePool", [ctx.input()], { ...attributes, count_include_pad: int(1) });
    },
  };
}

/** The batch axis of the IR's per-sample axis (negative axes count from the end either way). */
export function batchAxis(axis: number): number {
  return axis < 0 ? axis : axis + 1;
}

/** A one-operator kind: `opType` on the input with fixed attributes. */
export function unary(
  opType: string,
  attributes: (node: LayerNode) => Record<string, Attribute> = () => ({}),
): OnnxKindEmitter {
  return { emit: (node, ctx) => ctx.op(opType, [ctx.input()], attributes(node)) };
}
