import type { Configured } from "../../ir/ir.js";
import { scheduleFormula } from "../common/schedules.js";
import { where } from "./naming.js";

/**
 * The learning-rate schedules (src/semantics/train/schedules.ts) as a
 * generated function `learningRateAt(epoch, base)`: the rate of 0-based epoch k given the
 * optimizer's ε_0 = base (the --lr flag). Stepped once per epoch, as schedules.ts says.
 */

export function scheduleFunction(schedule: Configured | undefined): string {
  const { doc, code } = scheduleFormula(schedule);
  return `
/** The learning rate of 0-based epoch \`epoch\` from ε_0 = \`base\`: ${doc}${schedule ? ` (${where(schedule.span)})` : ""}. */
export function learningRateAt(epoch: number, base: number): number {
  ${code}
}
`;
}
