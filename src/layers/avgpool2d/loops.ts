import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { avgPoolLoops } from "../../codegen/loops/lib/pooling.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const avgpool2dLoops: LoopsLayerEmitter<ResolvedAttrsOf<"avgpool2d">> = avgPoolLoops;
