import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { softmaxLoops } from "../../codegen/loops/lib/softmax.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const logSoftmaxLoops: LoopsLayerEmitter<ResolvedAttrsOf<"log_softmax">> =
  softmaxLoops(true);
