import { normalisedExponentialEmitter } from "./shared.js";

/** softmax: F.softmax over the IR's axis. */
export const softmaxPytorch = normalisedExponentialEmitter("softmax");
