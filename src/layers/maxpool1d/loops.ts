import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { maxPoolLoops } from "../../codegen/loops/lib/pooling.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const maxpool1dLoops: LoopsLayerEmitter<ResolvedAttrsOf<"maxpool1d">> = maxPoolLoops;
