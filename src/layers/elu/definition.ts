import { elementwise } from "../shared/activation.js";
import { defineLayer } from "../shared/definition.js";

/** ELU (seed 001 §7): x for x > 0, α(eˣ − 1) otherwise; ∂y/∂x = αeˣ for x ≤ 0. */
export const elu = defineLayer({
  ...elementwise,
  name: "elu",
  doc: "Exponential linear unit (seed 001): x for x > 0, alpha·(eˣ − 1) for x ≤ 0.",
  params: [
    {
      name: "alpha",
      type: { kind: "float", min: 0 },
      default: 1,
      doc: "α, the saturation value for negative inputs (PyTorch default 1.0).",
    },
  ],
});
