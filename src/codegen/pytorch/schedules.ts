import type { Configured } from "../../ir/ir.js";
import { numberArg as num } from "../common/args.js";
import { scheduleFormula } from "../common/schedules.js";
import { pythonFloat, pythonNumber } from "../common/escape.js";

/**
 * The learning-rate schedules in train.py: the body of `learning_rate_at(epoch, base)`,
 * the rate of 0-based epoch k from ε_0 = base (the --lr flag), stepped once per epoch.
 * The same formulas and defaults as the TypeScript backends (src/codegen/common/
 * schedules.ts, whose words the docstring reuses).
 */
export function pythonSchedule(schedule: Configured | undefined): { doc: string; code: string } {
  const doc = scheduleFormula(schedule).doc;
  const args = schedule?.args ?? {};
  switch (schedule?.name ?? "constant") {
    case "constant":
      return { doc, code: "return base" };
    case "step":
      return {
        doc,
        code: `return base * ${pythonFloat(num(args, "gamma"))} ** (epoch // ${pythonNumber(num(args, "every"))})`,
      };
    case "linear": {
      const tau = num(args, "tau");
      return {
        doc,
        code: `alpha = min(1, epoch / ${pythonNumber(tau)})
return (1 - alpha) * base + alpha * ${pythonFloat(num(args, "final"))} * base`,
      };
    }
    case "cosine": {
      const tMax = pythonNumber(num(args, "t_max"));
      const etaMin = num(args, "eta_min");
      return {
        doc,
        code:
          etaMin === 0
            ? `return 0.5 * base * (1 + math.cos(math.pi * epoch / ${tMax}))`
            : `eta_min = ${pythonFloat(etaMin)}
return eta_min + 0.5 * (base - eta_min) * (1 + math.cos(math.pi * epoch / ${tMax}))`,
      };
    }
    case "exponential":
      return { doc, code: `return base * ${pythonFloat(num(args, "gamma"))}**epoch` };
    default:
      // scheduleFormula has already thrown for an unknown schedule
      return { doc, code: "return base" };
  }
}
