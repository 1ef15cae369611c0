import type { Initializer, Shape } from "../../ir/ir.js";
import { product } from "./window.js";

/**
 * The initializers layer definitions declare as their defaults, resolved to a
 * distribution with the formula that gives its numbers (the user's `init = …` choices
 * are resolved by the checker, src/semantics/layer-options.ts).
 */

/**
 * PyTorch's fans (torch.nn.init._calculate_fan_in_and_fan_out): for a weight of shape
 * [out, in/groups, k…], fan_in = in/groups · Πk and fan_out = out · Πk.
 */
export function fans(weightShape: Shape): { fanIn: number; fanOut: number } {
  const receptive = product(weightShape.slice(2));
  return { fanIn: (weightShape[1] ?? 1) * receptive, fanOut: (weightShape[0] ?? 1) * receptive };
}

/**
 * The default initializer of weights and biases: PyTorch's own default for Linear and
 * Conv (kaiming_uniform with a = √5, which is U(−1/√fan_in, 1/√fan_in), and the same
 * bound for the bias), so a .net model starts where the seeds' PyTorch code starts.
 */
export function pytorchDefaultInit(fanIn: number): Initializer {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return {
    name: "uniform",
    formula: `PyTorch's default: b = 1/√fan_in, fan_in = ${fanIn}`,
    distribution: { kind: "uniform", low: -bound, high: bound },
  };
}

/** A fixed value for every element; `why` says where it comes from, when not obvious. */
export function constantInit(value: number, why = ""): Initializer {
  const name = value === 0 ? "zeros" : value === 1 ? "ones" : "constant";
  return { name, formula: why, distribution: { kind: "constant", value } };
}

/** U(low, high) with the reason for the bounds. */
export function uniformInit(low: number, high: number, why: string): Initializer {
  return { name: "uniform", formula: why, distribution: { kind: "uniform", low, high } };
}
