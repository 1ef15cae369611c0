import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { normalisedExponentialEmitter } from "../../codegen/pytorch/layer-helpers.js";

/** log_softmax: F.log_softmax over the IR's axis. */
export const logSoftmaxPytorch: PytorchKindEmitter<ResolvedAttrsOf<"log_softmax">> =
  normalisedExponentialEmitter("log_softmax");
