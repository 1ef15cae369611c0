import type { Shape } from "../../ir/ir.js";
import type { ParamDeclaration } from "./definition.js";
import { constantInit } from "./init.js";

/** What the normalisation layers over [C], [C, L] or [C, H, W] (batchnorm, groupnorm) share. */

/** ε, added to the variance before its root. */
export const varianceEpsilonParam = {
  name: "eps",
  type: { kind: "float", min: 0, minExclusive: true },
  default: 1e-5,
  doc: "Added to the variance (PyTorch default 1e-5).",
} as const;

/**
 * The learned scale gamma (starting at 1) and shift beta (starting at 0), one per
 * channel, as PyTorch's affine norm layers have them: they scale no sum (fans of 1) and
 * no weight penalty applies to them.
 */
export function channelScaleAndShift(input: Shape): ParamDeclaration[] {
  const channels = [input[0]!];
  return [
    {
      name: "gamma",
      shape: channels,
      defaultInit: constantInit(1),
      fanIn: 1,
      fanOut: 1,
      penalized: false,
    },
    {
      name: "beta",
      shape: channels,
      defaultInit: constantInit(0),
      fanIn: 1,
      fanOut: 1,
      penalized: false,
    },
  ];
}
