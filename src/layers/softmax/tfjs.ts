import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import { normalisedExponential } from "../../codegen/tfjs/lib/softmax.js";
import type { ResolvedAttrsOf } from "../definitions.js";

export const softmaxTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"softmax">> = {
  forward: (node, ctx) => normalisedExponential(node, ctx, false),
};
