import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import { convolutionTfjs } from "../../codegen/tfjs/lib/convolution.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const conv2dTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"conv2d">> = convolutionTfjs;
