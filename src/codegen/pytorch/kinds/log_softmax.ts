import { normalisedExponentialEmitter } from "./shared.js";

/** log_softmax: F.log_softmax over the IR's axis. */
export const log_softmaxPytorch = normalisedExponentialEmitter("log_softmax");
