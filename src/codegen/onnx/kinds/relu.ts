import { unary } from "./shared.js";

/** relu: Relu. */
export const reluOnnx = unary("Relu");
