import type { LayerNode } from "../../ir/ir.js";
import { windowLists, type WindowLists } from "../common/window-lists.js";
import { pythonLiteral, pythonNumber } from "../common/escape.js";
import type { PytorchKindEmitter } from "./kind-emitter.js";
import { call, type PyPart } from "./python-layout.js";

/**
 * What several kinds' PyTorch emitters share: the window geometry of convolutions and
 * poolings (../common/window-lists.ts), written the way PyTorch takes them.
 */

export type Window = WindowLists;
export const windowOf = windowLists;

/** One int when every axis agrees (PyTorch's `kernel_size=5`), else a tuple. */
export function axes(values: readonly number[]): string {
  return values.every((v) => v === values[0])
    ? pythonNumber(values[0]!)
    : pythonLiteral(values, true);
}

export function isSymmetric(window: Window): boolean {
  return window.padding.every(([before, after]) => before === after);
}

export function hasPadding(window: Window): boolean {
  return window.padding.some(([before, after]) => before > 0 || after > 0);
}

/** F.pad's tuple: (before, after) per axis, last axis first. */
export function padTuple(padding: readonly [number, number][]): string {
  const pairs = [...padding].reverse().flatMap(([before, after]) => [before, after]);
  return pythonLiteral(pairs, true);
}

/** `F.pad(x, …)` with explicit before/after padding, `value` for the border (default zeros). */
export function padded(x: PyPart, padding: readonly [number, number][], value?: string): PyPart {
  return call("F.pad", [x, padTuple(padding), ...(value === undefined ? [] : [`value=${value}`])]);
}

/** The spatial rank of a node's input: 1 for [C, L], 2 for [C, H, W]. */
export function spatialRank(node: LayerNode): number {
  return node.inputShapes[0]!.length - 1;
}

/** The channel (feature) count of a node's input. */
export function channelsIn(node: LayerNode): number {
  return node.inputShapes[0]![0]!;
}

/** Keyword arguments, dropping those equal to PyTorch's default. */
export function keywords(entries: readonly [string, string, string | undefined][]): string[] {
  return entries
    .filter(([, value, fallback]) => value !== fallback)
    .map(([name, value]) => `${name}=${value}`);
}

/**
 * conv1d and conv2d: nn.Conv1d / nn.Conv2d with the IR's weight [out, in/groups, k…] and
 * bias [out]. Symmetric padding is the module's own; `pad = same` that needs more after
 * than before is an explicit F.pad in front of it.
 */
export function convolutionEmitter(moduleName: string): PytorchKindEmitter {
  return {
    module(node: LayerNode) {
      const w = windowOf(node);
      const ones = w.kernel.map(() => 1);
      const zeros = w.kernel.map(() => 0);
      const padding = isSymmetric(w) ? w.padding.map(([before]) => before) : zeros;
      return call(moduleName, [
        String(channelsIn(node)),
        String(node.outputShape[0]),
        `kernel_size=${axes(w.kernel)}`,
        ...keywords([
          ["stride", axes(w.stride), axes(ones)],
          ["padding", axes(padding), axes(zeros)],
          ["dilation", axes(w.dilation), axes(ones)],
          ["groups", String(node.attrs.groups ?? 1), "1"],
          ["bias", node.attrs.bias === true ? "True" : "False", "True"],
        ]),
      ]);
    },
    forward(node, ctx) {
      const w = windowOf(node);
      if (isSymmetric(w)) return `${ctx.module}(${ctx.input()})`;
      return call(ctx.module, [padded(ctx.input(), w.padding)]);
    },
  };
}

/**
 * Max and average pooling, 1-D and 2-D. Padding is an explicit F.pad — with −∞ for max
 * pooling, with zeros for average pooling, which then counts them (count_include_pad, as
 * netc's average pooling does) — because PyTorch's own padding argument is limited to half
 * the kernel and cannot be asymmetric (`pad = same`).
 */
export function poolingEmitter(kind: "max" | "avg"): PytorchKindEmitter {
  return {
    forward(node: LayerNode, ctx): PyPart {
      const w = windowOf(node);
      const input = hasPadding(w)
        ? padded(ctx.input(), w.padding, kind === "max" ? "-math.inf" : undefined)
        : ctx.input();
      return call(`F.${kind}_pool${spatialRank(node)}d`, [
        input,
        `kernel_size=${axes(w.kernel)}`,
        `stride=${axes(w.stride)}`,
      ]);
    },
  };
}

/** softmax and log_softmax over the IR's per-sample axis (the batch is dim 0 here). */
export function normalisedExponentialEmitter(name: "softmax" | "log_softmax"): PytorchKindEmitter {
  return {
    forward(node, ctx) {
      const axis = typeof node.attrs.axis === "number" ? node.attrs.axis : -1;
      const dim = axis < 0 ? axis : axis + 1;
      return call(`F.${name}`, [ctx.input(), `dim=${dim}`]);
    },
  };
}
