import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import { averagePoolingTfjs } from "../../codegen/tfjs/lib/pooling.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const avgpool2dTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"avgpool2d">> = averagePoolingTfjs;
