import { poolingOnnx } from "./shared.js";

/** maxpool1d: see poolingOnnx. */
export const maxpool1dOnnx = poolingOnnx("max");
