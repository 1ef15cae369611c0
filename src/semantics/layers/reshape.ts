import { Diagnostics } from "../../diagnostics/messages.js";
import type { LayerKind } from "./layer-kind.js";
import { reshapeTfjs } from "../../codegen/tfjs/window-emit.js";
import { copyLoops } from "../../codegen/loops/kernels/index.js";

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export const reshape: LayerKind = {
  name: "reshape",
  loops: copyLoops,
  doc: "Reinterprets the values (channels-first order) as another shape with the same number of elements.",
  category: "structure",
  params: [
    {
      name: "shape",
      type: { kind: "shape" },
      doc: "The new shape without the batch dimension, e.g. [16, 5, 5].",
    },
  ],
  inferShape(ctx) {
    const target = ctx.args.shape as number[];
    if (count(target) !== count(ctx.input)) {
      ctx.report(
        Diagnostics.ReshapeSize,
        ctx.argSpan("shape"),
        [`[${ctx.input.join(", ")}]`, count(ctx.input), `[${target.join(", ")}]`, count(target)],
        { help: reshapeHelp(ctx.input, target) },
      );
      return undefined;
    }
    return target;
  },
  macs: () => 0,
  connections: () => 0,
  tfjs: reshapeTfjs,
};

/** A shape with the input's element count, as close to the written one as possible. */
function reshapeHelp(input: readonly number[], target: readonly number[]): string {
  const elements = count(input);
  const others = count(target.slice(0, -1));
  if (target.length > 1 && elements % others === 0)
    return `the element count must stay ${elements}: e.g. [${[...target.slice(0, -1), elements / others].join(", ")}]`;
  return `the element count must stay ${elements}: e.g. [${elements}]`;
}
