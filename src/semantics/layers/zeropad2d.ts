import { Diagnostics } from "../../diagnostics/messages.js";
import type { LayerKind } from "./layer-kind.js";
import { zeroPadLoops } from "../../codegen/loops/kernels/index.js";

/** `pad` as [top, bottom, left, right] from an integer, [vertical, horizontal] or four values. */
function sides(pad: unknown): [number, number, number, number] | undefined {
  if (typeof pad === "number") return [pad, pad, pad, pad];
  if (Array.isArray(pad) && pad.length === 2) return [pad[0], pad[0], pad[1], pad[1]];
  if (Array.isArray(pad) && pad.length === 4) return [pad[0], pad[1], pad[2], pad[3]];
  return undefined;
}

export const zeropad2d: LayerKind = {
  name: "zeropad2d",
  loops: zeroPadLoops,
  doc: "Pads [C, H, W] with zeros: `pad` is one integer, [vertical, horizontal], or [top, bottom, left, right] (LeNet-5's 28×28 → 32×32 is zeropad2d(2)).",
  category: "structure",
  params: [{ name: "pad", type: { kind: "ints", min: 0 }, doc: "Zeros added on each side." }],
  inputRanks: [3],
  inferShape(ctx) {
    const s = sides(ctx.args.pad);
    if (s === undefined) {
      ctx.report(
        Diagnostics.InvalidArgumentValue,
        ctx.argSpan("pad"),
        ["pad", ctx.kind, "needs 1, 2 or 4 values"],
        {
          help: "write pad = 2 (all sides), [vertical, horizontal] or [top, bottom, left, right]",
        },
      );
      return undefined;
    }
    const [c, h, w] = ctx.input as [number, number, number];
    return [c, h + s[0] + s[1], w + s[2] + s[3]];
  },
  macs: () => 0,
  connections: () => 0,
  resolveAttrs: (args) => ({ padding: sides(args.pad) ?? [0, 0, 0, 0] }),
  tfjs: {
    forward: (node, ctx) => {
      const [top, bottom, left, right] = node.attrs.padding as number[];
      return `tf.pad(${ctx.input()}, [[0, 0], [${top}, ${bottom}], [${left}, ${right}], [0, 0]])`;
    },
  },
};
