import type { Shape } from "../../ir/ir.js";
import type { ArgsOf, ShapeContext } from "./definition.js";
import { checkAxisLists, perAxis, product, windowShape } from "./window.js";

/** What max and average pooling (1-D and 2-D) and subsampling share. The stride defaults to the kernel. */

export const poolingParams = [
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
] as const;

export type PoolingArgs = ArgsOf<typeof poolingParams>;

export function poolingShape(
  ctx: ShapeContext<PoolingArgs>,
  spatialRank: number,
): Shape | undefined {
  if (!checkAxisLists(ctx, spatialRank, ["kernel", "stride"])) return undefined;
  const spatial = windowShape(ctx, spatialRank, true);
  return spatial === undefined ? undefined : [ctx.input[0]!, ...spatial];
}

/** The taps of one window: Πk. */
export function windowTaps(args: PoolingArgs, spatialRank: number): number {
  return product(perAxis(args.kernel, spatialRank, 1));
}

/** Average pooling: one multiply-accumulate per window tap per output value. Max pooling: none. */
export function averagePoolingMacs(args: PoolingArgs, output: Shape, spatialRank: number): number {
  return product(output) * windowTaps(args, spatialRank);
}
