import { poolingEmitter } from "./shared.js";

/** maxpool2d: F.max_pool2d (see poolingEmitter). */
export const maxpool2dPytorch = poolingEmitter("max");
