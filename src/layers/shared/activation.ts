import type { Shape } from "../../ir/ir.js";
import type { ShapeContext } from "./definition.js";

/** The parts every element-wise activation shares: same shape, no weights, no MACs. */
export const elementwise = {
  category: "activation",
  inferShape: (ctx: ShapeContext): Shape => ctx.input,
  macs: () => 0,
  connections: () => 0,
} as const;

/** The axis softmax and log_softmax normalise over. */
export const axisParam = {
  name: "axis",
  type: { kind: "int" },
  default: -1,
  doc: "The axis to normalise over (-1: the last).",
} as const;
