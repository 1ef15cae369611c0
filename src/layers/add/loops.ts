import type { LoopsLayerEmitter } from "../../codegen/loops/layer-emitter.js";
import { product } from "../../codegen/loops/lib/arrays.js";
import type { ResolvedAttrsOf } from "../definitions.js";

/** The residual join: y = x₀ + x₁ (+ …); each input receives dy unchanged. */
export const addLoops: LoopsLayerEmitter<ResolvedAttrsOf<"add">> = {
  forward(node, ctx) {
    const size = product(node.outputShape);
    const sum = node.inputs.map((_, i) => `${ctx.input(i)}[i]`).join(" + ");
    return `for (let i = 0; i < n * ${size}; i++) ${ctx.output()}[i] = ${sum};`;
  },
  backward(node, ctx) {
    const size = product(node.outputShape);
    const parts: string[] = [];
    node.inputs.forEach((_, i) => {
      const dx = ctx.inputGrad(i);
      if (dx === undefined) return;
      if (ctx.accumulatesInputGrad(i))
        parts.push(`for (let i = 0; i < n * ${size}; i++) ${dx}[i] += ${ctx.outputGrad()}[i];`);
      else parts.push(`${dx}.set(${ctx.outputGrad()}.subarray(0, n * ${size}));`);
    });
    return parts.join("\n");
  },
};
