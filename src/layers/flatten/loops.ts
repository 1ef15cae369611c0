import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { copyLoops } from "../../codegen/loops/lib/copy.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** Channels-first order is already the flat order: a copy. */
export const flattenLoops: LoopsLayerEmitter<ResolvedAttrsOf<"flatten">> = copyLoops;
