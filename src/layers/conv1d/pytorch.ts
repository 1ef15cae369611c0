import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { convolutionEmitter } from "../../codegen/pytorch/layer-helpers.js";

/** conv1d: nn.Conv1d (see convolutionEmitter). */
export const conv1dPytorch: PytorchKindEmitter<ResolvedAttrsOf<"conv1d">> =
  convolutionEmitter("nn.Conv1d");
