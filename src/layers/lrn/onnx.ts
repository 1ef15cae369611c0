import type { ResolvedAttrsOf } from "../definitions.js";
import { float, int, ints } from "../../codegen/onnx/graph.js";
import type { OnnxKindEmitter } from "../../codegen/onnx/kind-emitter.js";

/**
 * lrn: b_c = a_c·(k + α/n·Σ a_c'²)^(−β) over channels c − ⌊n/2⌋ … c + ⌊(n−1)/2⌋. For an
 * odd n on [C, H, W] that is exactly ONNX's LRN (bias = k). For an even n (AlexNet's
 * lrn(2)) ONNX's window is c − ⌊(n−1)/2⌋ … c + ⌈(n−1)/2⌉, one channel off, and
 * onnxruntime's LRN takes 4-D inputs only, so otherwise the layer is a subgraph:
 * the squares get a unit axis in front of the channels, an AveragePool of n channels
 * (zeros counted, so it is Σ/n) slides over them with netc's window, then k + α·mean,
 * raised to β, divides a.
 */
export const lrnOnnx: OnnxKindEmitter<ResolvedAttrsOf<"lrn">> = {
  emit(node, ctx) {
    const size = node.attrs.size as number;
    const alpha = node.attrs.alpha as number;
    const beta = node.attrs.beta as number;
    const k = node.attrs.k as number;
    const spatial = node.inputShapes[0]!.length - 1;
    if (size % 2 === 1 && spatial === 2)
      return ctx.op("LRN", [ctx.input()], {
        size: int(size),
        alpha: float(alpha),
        beta: float(beta),
        bias: float(k),
      });
    const before = Math.floor(size / 2);
    const after = Math.floor((size - 1) / 2);
    const squares = ctx.op("Mul", [ctx.input(), ctx.input()]);
    const stacked = ctx.op("Unsqueeze", [squares, ctx.int64s([1])]);
    const ones = Array<number>(spatial).fill(1);
    const zeros = Array<number>(spatial).fill(0);
    const mean = ctx.op("AveragePool", [stacked], {
      kernel_shape: ints([size, ...ones]),
      strides: ints([1, ...ones]),
      pads: ints([before, ...zeros, after, ...zeros]),
      count_include_pad: int(1),
    });
    const window = ctx.op("Squeeze", [mean, ctx.int64s([1])]);
    const scaled = ctx.op("Mul", [window, ctx.floats([], [alpha])]);
    const base = ctx.op("Add", [scaled, ctx.floats([], [k])]);
    const denominator = ctx.op("Pow", [base, ctx.floats([], [beta])]);
    return ctx.op("Div", [ctx.input(), denominator]);
  },
};
