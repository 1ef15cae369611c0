import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { normalisedExponentialEmitter } from "../../codegen/pytorch/layer-helpers.js";

/** softmax: F.softmax over the IR's axis. */
export const softmaxPytorch: PytorchKindEmitter<ResolvedAttrsOf<"softmax">> =
  normalisedExponentialEmitter("softmax");
