import { poolingEmitter } from "./shared.js";

/** maxpool1d: F.max_pool1d (see poolingEmitter). */
export const maxpool1dPytorch = poolingEmitter("max");
