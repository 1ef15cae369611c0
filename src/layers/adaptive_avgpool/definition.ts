import { Diagnostics } from "../../diagnostics/messages.js";
import type { Shape } from "../../ir/ir.js";
import { defineLayer } from "../shared/definition.js";
import { axisNames, perAxis, product } from "../shared/window.js";

/**
 * Adaptive average pooling (PyTorch's AdaptiveAvgPool1d/2d): the output size is given and
 * each output position i along an axis of input size In and output size Out averages the
 * input range [⌊i·In/Out⌋, ⌈(i+1)·In/Out⌉). Bins may overlap and need not be equal.
 */

/** PyTorch's bins along one axis: [start, end) per output position. */
export function adaptiveBins(inSize: number, outSize: number): [number, number][] {
  return Array.from(
    { length: outSize },
    (_, i) =>
      [Math.floor((i * inSize) / outSize), Math.ceil(((i + 1) * inSize) / outSize)] as [
        number,
        number,
      ],
  );
}

const spatialOf = (shape: Shape) => shape.slice(1);

export const adaptive_avgpool = defineLayer({
  name: "adaptive_avgpool",
  doc: "Adaptive average pooling to a given output size (PyTorch's AdaptiveAvgPool): position i of an axis averages the inputs ⌊i·In/Out⌋ … ⌈(i+1)·In/Out⌉ − 1. [C, H, W] → [C, out_h, out_w], [C, L] → [C, out].",
  category: "pooling",
  params: [
    {
      name: "output",
      type: { kind: "ints", min: 1 },
      doc: "The output size: one integer, or one per spatial axis.",
    },
  ],
  inputRanks: [2, 3],
  aliases: ["adaptive_avgpool2d", "adaptive_avgpool1d"],
  inferShape(ctx) {
    const rank = ctx.input.length - 1;
    const given = ctx.args.output;
    if (typeof given !== "number" && given.length !== rank) {
      ctx.report(
        Diagnostics.InvalidArgumentValue,
        ctx.argSpan("output"),
        [
          "output",
          ctx.kind,
          `needs ${rank} entr${rank === 1 ? "y" : "ies"} (${axisNames(rank).join(", ")}), found ${given.length}`,
        ],
        {
          help: `write one size for all axes, or one per axis: output = [${axisNames(rank)
            .map(() => String(given[0] ?? 1))
            .join(", ")}]`,
        },
      );
      return undefined;
    }
    const sizes = perAxis(given, rank, 1);
    // Larger outputs would only repeat inputs, and the IR lists every bin of every axis.
    const grown = sizes.findIndex((size, axis) => size > ctx.input[axis + 1]!);
    if (grown >= 0) {
      const axis = axisNames(rank)[grown]!;
      ctx.report(
        Diagnostics.InvalidArgumentValue,
        ctx.argSpan("output"),
        [
          "output",
          ctx.kind,
          `asks for ${axis} ${sizes[grown]}, more than the input ${axis} ${ctx.input[grown + 1]}`,
        ],
        { help: "adaptive pooling shrinks each axis; give an output no larger than the input" },
      );
      return undefined;
    }
    return [ctx.input[0]!, ...sizes];
  },
  /** Each output value sums the inputs of its bin (one MAC each). */
  macs(_args, input, output) {
    const spatial = spatialOf(input);
    const perAxisSums = spatialOf(output).map((out, a) =>
      adaptiveBins(spatial[a]!, out).reduce((sum, [s, e]) => sum + (e - s), 0),
    );
    return input[0]! * product(perAxisSums);
  },
  connections: () => 0,
  /** The bins per spatial axis: bins[axis][i] = [start, end) of output position i. */
  resolve(_args, input, output) {
    const spatial = spatialOf(input);
    return { bins: spatialOf(output).map((out, a) => adaptiveBins(spatial[a]!, out)) };
  },
});
