import type { TfjsLayerEmitter } from "../../codegen/tfjs/layer-emitter.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** Over every axis but the last (the channel axis, internally): the batchNorm helper. */
export const batchnormTfjs: TfjsLayerEmitter<ResolvedAttrsOf<"batchnorm">> = {
  forward: (node, ctx) =>
    `${ctx.helper("batchNorm")}(${ctx.input()}, ${ctx.param("gamma")}, ${ctx.param("beta")}, ${ctx.buffer("running_mean")}, ${ctx.buffer("running_var")}, ${ctx.literal(node.attrs.momentum)}, ${ctx.literal(node.attrs.eps)}, ${ctx.training})`,
};
