import { unary } from "./shared.js";

/** tanh: Tanh. */
export const tanhOnnx = unary("Tanh");
