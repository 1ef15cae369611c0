import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import { maxPoolingTfjs } from "../../codegen/tfjs/lib/pooling.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const maxpool1dTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"maxpool1d">> = maxPoolingTfjs;
