import type { Attrs, Shape } from "../../ir/ir.js";
import type { ParamSpec, ShapeContext } from "./layer-kind.js";
import { checkAxisLists, perAxis, product, windowShape } from "./window.js";

/** What max and average pooling (1-D and 2-D) share. The stride defaults to the kernel. */

export function poolingParams(): ParamSpec[] {
  return [
    {
      name: "kernel",
      type: { kind: "ints", min: 1 },
      doc: "Window size: one integer, or one per axis.",
    },
    {
      name: "stride",
      type: { kind: "ints", min: 1 },
      default: null,
      doc: "Step between windows; defaults to the kernel size.",
    },
    {
      name: "pad",
      type: { kind: "intOrSymbol", min: 0, options: ["same"] },
      default: 0,
      doc: "Padding on each side (implicit -∞ for max, zeros counted for average), or `same`.",
    },
  ];
}

export function poolingShape(ctx: ShapeContext, spatialRank: number): Shape | undefined {
  if (!checkAxisLists(ctx, spatialRank, ["kernel", "stride"])) return undefined;
  const spatial = windowShape(ctx, spatialRank, true);
  return spatial === undefined ? undefined : [ctx.input[0]!, ...spatial];
}

/** Average pooling: one multiply-accumulate per window tap per output value. Max pooling: none. */
export function averagePoolingMacs(args: Attrs, output: Shape, spatialRank: number): number {
  return product(output) * product(perAxis(args.kernel, spatialRank, 1));
}
