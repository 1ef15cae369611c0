import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { softmaxLoops as normalisedExponential } from "../../codegen/loops/lib/softmax.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const softmaxLoops: LoopsLayerEmitter<ResolvedAttrsOf<"softmax">> =
  normalisedExponential(false);
