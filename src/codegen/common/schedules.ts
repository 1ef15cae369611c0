import type { Configured } from "../../ir/ir.js";
import { numberArg } from "./args.js";
import { literal, where } from "./literals.js";

/**
 * The learning-rate schedules (src/semantics/train/schedules.ts), shared
 * by both backends' train scripts (moved from tfjs/schedules.ts): the body of a generated
 * function of (epoch, base) giving the rate of 0-based epoch k from ε_0 = base (the --lr
 * flag). Stepped once per epoch, as schedules.ts says.
 */

const num = (schedule: Configured, name: string) => numberArg(schedule.args, name);

export function scheduleFormula(schedule: Configured | undefined): { doc: string; code: string } {
  switch (schedule?.name ?? "constant") {
    case "constant":
      return { doc: "constant: ε_k = ε_0", code: "void epoch;\n  return base;" };
    case "step": {
      const every = num(schedule!, "every");
      const gamma = num(schedule!, "gamma");
      return {
        doc: `step: ε_k = ε_0·${gamma}^⌊k/${every}⌋`,
        code: `return base * Math.pow(${literal(gamma)}, Math.floor(epoch / ${every}));`,
      };
    }
    case "linear": {
      const tau = num(schedule!, "tau");
      const final = num(schedule!, "final");
      return {
        doc: `linear decay (seed 000): ε_k = (1 − α)ε_0 + αε_τ, α = k/${tau}, ε_τ = ${final}·ε_0, constant after τ`,
        code: `const alpha = Math.min(1, epoch / ${tau});\n  return (1 - alpha) * base + alpha * ${literal(final)} * base;`,
      };
    }
    case "cosine": {
      const tMax = num(schedule!, "t_max");
      const etaMin = num(schedule!, "eta_min");
      return {
        doc: `cosine annealing (seed 003): ε_k = ε_min + ½(ε_0 − ε_min)(1 + cos(πk/${tMax})), ε_min = ${etaMin}`,
        code:
          etaMin === 0
            ? `return 0.5 * base * (1 + Math.cos((Math.PI * epoch) / ${tMax}));`
            : `return ${literal(etaMin)} + 0.5 * (base - ${literal(etaMin)}) * (1 + Math.cos((Math.PI * epoch) / ${tMax}));`,
      };
    }
    case "exponential": {
      const gamma = num(schedule!, "gamma");
      return {
        doc: `exponential: ε_k = ε_0·${gamma}^k`,
        code: `return base * Math.pow(${literal(gamma)}, epoch);`,
      };
    }
    default:
      throw new Error(
        `${where(schedule!.span)}: no schedule named '${schedule!.name}' (known: constant, step, linear, cosine, exponential)`,
      );
  }
}
