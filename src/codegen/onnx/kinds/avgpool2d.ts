import { poolingOnnx } from "./shared.js";

/** avgpool2d: see poolingOnnx. */
export const avgpool2dOnnx = poolingOnnx("avg");
