import { poolingEmitter } from "./shared.js";

/** avgpool2d: F.avg_pool2d (see poolingEmitter). */
export const avgpool2dPytorch = poolingEmitter("avg");
