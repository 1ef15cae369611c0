import type { Distribution, Initializer } from "../../ir/ir.js";

/** Initializers as the comments of both backends' generated code describe them. */

export function describeDistribution(d: Distribution): string {
  switch (d.kind) {
    case "uniform":
      return `uniform(${d.low}, ${d.high})`;
    case "normal":
      return `normal(mean ${d.mean}, std ${d.std})`;
    case "constant":
      return `constant ${d.value}`;
  }
}

/** "uniform(-0.2, 0.2); PyTorch's default: b = 1/√fan_in, fan_in = 25", "he_normal: normal(mean 0, std 0.1); σ = √(2/fan_in) = …". */
export function describeInitializer(init: Initializer): string {
  const distribution = describeDistribution(init.distribution);
  const named =
    init.name === init.distribution.kind ? distribution : `${init.name}: ${distribution}`;
  return init.formula === "" ? named : `${named}; ${init.formula}`;
}
