import { poolingOnnx } from "./shared.js";

/** maxpool2d: see poolingOnnx. */
export const maxpool2dOnnx = poolingOnnx("max");
