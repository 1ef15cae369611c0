import type { Attrs, LayerNode } from "../../../ir/ir.js";
import type { LoopsLayerEmitter } from "../layer-emitter.js";
import { assignInputGrad, product } from "./arrays.js";

/**
 * Element-wise activations. Each is a formula for y from x and one for dy/dx written in
 * terms of y (or x) — seed 001's derivatives: relu' = [x > 0], σ' = σ(1 − σ),
 * tanh' = 1 − tanh².
 */
export interface PointwiseFormula {
  /** Expression of `v` (the input value). */
  forward: string;
  /** Expression of `v` (the input value) and `u` (the output value): dy/dx. */
  derivative: string;
  /**
   * Backward when the derivative is 0 or 1 by the output's sign (relu): pass the gradient
   * where the unit was active (seed 004's dX[X <= 0] = 0), without a multiply.
   */
  gate?: boolean;
}

/** The emitter of an element-wise activation whose formula may depend on the node's attributes. */
export function pointwiseLoops<A extends Attrs>(
  formula: (node: LayerNode<A>) => PointwiseFormula,
): LoopsLayerEmitter<A> {
  return {
    forward(node, ctx) {
      const f = formula(node);
      return `
    for (let i = 0; i < n * ${product(node.outputShape)}; i++) {
      const v = ${ctx.input()}[i];
      ${ctx.output()}[i] = ${f.forward};
    }`;
    },
    backward(node, ctx) {
      const dx = ctx.inputGrad();
      if (dx === undefined) return "";
      const f = formula(node);
      const size = product(node.outputShape);
      const op = assignInputGrad(ctx);
      if (f.gate === true)
        return `for (let i = 0; i < n * ${size}; i++) ${dx}[i] ${op} ${ctx.output()}[i] > 0 ? ${ctx.outputGrad()}[i] : 0;`;
      return `
    for (let i = 0; i < n * ${size}; i++) {
      ${/\bv\b/.test(f.derivative) ? `const v = ${ctx.input()}[i];` : ""}
      const u = ${ctx.output()}[i];
      ${dx}[i] ${op} ${ctx.outputGrad()}[i] * (${f.derivative});
    }`;
    },
  };
}
