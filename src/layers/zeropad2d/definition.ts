import { Diagnostics } from "../../diagnostics/messages.js";
import { defineLayer } from "../shared/definition.js";

/** `pad` as the four sides from an integer, [vertical, horizontal] or [top, bottom, left, right]. */
function sides(
  pad: number | readonly number[],
): { top: number; bottom: number; left: number; right: number } | undefined {
  if (typeof pad === "number") return { top: pad, bottom: pad, left: pad, right: pad };
  if (pad.length === 2) return { top: pad[0]!, bottom: pad[0]!, left: pad[1]!, right: pad[1]! };
  if (pad.length === 4) return { top: pad[0]!, bottom: pad[1]!, left: pad[2]!, right: pad[3]! };
  return undefined;
}

export const zeropad2d = defineLayer({
  name: "zeropad2d",
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
    return [c, h + s.top + s.bottom, w + s.left + s.right];
  },
  macs: () => 0,
  connections: () => 0,
  /** The zeros added on each side (the shape rule has checked the argument). */
  resolve: (args) => ({ sides: sides(args.pad) ?? { top: 0, bottom: 0, left: 0, right: 0 } }),
});
