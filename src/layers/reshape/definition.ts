import { Diagnostics } from "../../diagnostics/messages.js";
import { defineLayer } from "../shared/definition.js";
import { product } from "../shared/window.js";

export const reshape = defineLayer({
  name: "reshape",
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
    const target = ctx.args.shape;
    if (product(target) !== product(ctx.input)) {
      ctx.report(
        Diagnostics.ReshapeSize,
        ctx.argSpan("shape"),
        [
          `[${ctx.input.join(", ")}]`,
          product(ctx.input),
          `[${target.join(", ")}]`,
          product(target),
        ],
        { help: reshapeHelp(ctx.input, target) },
      );
      return undefined;
    }
    return target;
  },
  macs: () => 0,
  connections: () => 0,
});

/** A shape with the input's element count, as close to the written one as possible. */
function reshapeHelp(input: readonly number[], target: readonly number[]): string {
  const elements = product(input);
  const others = product(target.slice(0, -1));
  if (target.length > 1 && elements % others === 0)
    return `the element count must stay ${elements}: e.g. [${[...target.slice(0, -1), elements / others].join(", ")}]`;
  return `the element count must stay ${elements}: e.g. [${elements}]`;
}
