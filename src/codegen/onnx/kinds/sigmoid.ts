import { unary } from "./shared.js";

/** sigmoid: Sigmoid. */
export const sigmoidOnnx = unary("Sigmoid");
