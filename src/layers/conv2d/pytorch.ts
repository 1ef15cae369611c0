import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { convolutionEmitter } from "../../codegen/pytorch/layer-helpers.js";

/** conv2d: nn.Conv2d (see convolutionEmitter). */
export const conv2dPytorch: PytorchKindEmitter<ResolvedAttrsOf<"conv2d">> =
  convolutionEmitter("nn.Conv2d");
