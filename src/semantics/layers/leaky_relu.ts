import { elementwise } from "./activation.js";
import type { LayerKind } from "./layer-kind.js";
import { leakyReluLoops } from "../../codegen/loops/kernels/index.js";

/** Leaky ReLU (seed 001 §5): x for x > 0, a·x otherwise; ∂y/∂x = a for x ≤ 0. */
export const leaky_relu: LayerKind = {
  ...elementwise,
  name: "leaky_relu",
  loops: leakyReluLoops,
  doc: "Leaky ReLU (seed 001): x for x > 0, a·x for x ≤ 0 (a defaults to PyTorch's 0.01; YOLO uses 0.1).",
  params: [
    {
      name: "a",
      type: { kind: "float", min: 0 },
      default: 0.01,
      doc: "The slope a for x ≤ 0 (PyTorch's negative_slope).",
    },
  ],
  tfjs: { forward: (node, ctx) => `tf.leakyRelu(${ctx.input()}, ${ctx.literal(node.attrs.a)})` },
};
