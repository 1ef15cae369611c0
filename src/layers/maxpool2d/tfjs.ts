import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import { maxPoolingTfjs } from "../../codegen/tfjs/lib/pooling.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const maxpool2dTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"maxpool2d">> = maxPoolingTfjs;
