import type { Attrs, LayerNode } from "../../../ir/ir.js";
import { product } from "../geometry.js";
import { eachRecordVector } from "./records.js";
import type { WasmLayerEmitter } from "../layer-emitter.js";
import { f32x4, load, store, zeroV128, type Expr } from "../wat.js";

/**
 * Element-wise activations, four values per step (the loops reference's formulas,
 * ../../loops/kernels/elementwise.ts and index.ts): each is a vector expression of the
 * input `v` for the output, and one of `v` and the output `u` for dy/dx.
 */
export interface Pointwise {
  forward(v: Expr): Expr;
  derivative(v: Expr, u: Expr): Expr;
}

export const one = f32x4(1);
/** All ones where v > 0. */
export const positive = (v: Expr) => `(f32x4.gt ${v} ${zeroV128})`;

/** An element-wise activation from its formulas, four values per step. */
export function pointwise<A extends Attrs>(
  formula: (node: LayerNode<A>) => Pointwise,
): WasmLayerEmitter<A> {
  return {
    forward(node, ctx) {
      const f = formula(node);
      return eachRecordVector(ctx, product(node.outputShape), (q) =>
        store("v128", q, ctx.output(), f.forward(load("v128", q, ctx.input()))),
      );
    },
    backward(node, ctx) {
      const dx = ctx.inputGrad();
      if (dx === undefined) return "";
      const f = formula(node);
      return eachRecordVector(ctx, product(node.outputShape), (q) => {
        const value = `(f32x4.mul ${load("v128", q, ctx.outputGrad())} ${f.derivative(load("v128", q, ctx.input()), load("v128", q, ctx.output()))})`;
        return store(
          "v128",
          q,
          dx,
          ctx.accumulatesInputGrad() ? `(f32x4.add ${load("v128", q, dx)} ${value})` : value,
        );
      });
    },
  };
}
