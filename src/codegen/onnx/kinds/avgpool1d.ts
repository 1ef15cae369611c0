import { poolingOnnx } from "./shared.js";

/** avgpool1d: see poolingOnnx. */
export const avgpool1dOnnx = poolingOnnx("avg");
