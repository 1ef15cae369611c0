import { poolingEmitter } from "./shared.js";

/** avgpool1d: F.avg_pool1d (see poolingEmitter). */
export const avgpool1dPytorch = poolingEmitter("avg");
