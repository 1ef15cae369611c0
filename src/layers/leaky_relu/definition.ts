import { elementwise } from "../shared/activation.js";
import { defineLayer } from "../shared/definition.js";

/** Leaky ReLU (seed 001 §5): x for x > 0, a·x otherwise; ∂y/∂x = a for x ≤ 0. */
export const leaky_relu = defineLayer({
  ...elementwise,
  name: "leaky_relu",
  doc: "Leaky ReLU (seed 001): x for x > 0, a·x for x ≤ 0 (a defaults to PyTorch's 0.01; YOLO uses 0.1).",
  params: [
    {
      name: "a",
      type: { kind: "float", min: 0 },
      default: 0.01,
      doc: "The slope a for x ≤ 0 (PyTorch's negative_slope).",
    },
  ],
});
