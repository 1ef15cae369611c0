import { float } from "../graph.js";
import { unary } from "./shared.js";

/** leaky_relu: LeakyRelu, whose alpha is netc's slope a. */
export const leaky_reluOnnx = unary("LeakyRelu", (node) => ({
  alpha: float(node.attrs.a as number),
}));
