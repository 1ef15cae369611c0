import type { LayerNode } from "../../../ir/ir.js";
import { product } from "../geometry.js";
import { eachRecord } from "./records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../layer-emitter.js";
import { add, get, load, mul, set, store, type Expr } from "../wat.js";

/**
 * softmax and log_softmax along an axis (the loops reference's, ../../loops/kernels/
 * elementwise.ts): per sample and line along the axis, in f64 with the host's exp and log
 * (the maximum subtracted first), as the losses are — they touch few values.
 */

function softmaxAxis(node: LayerNode): { outer: number; length: number; inner: number } {
  const shape = node.outputShape;
  const raw = typeof node.attrs.axis === "number" ? node.attrs.axis : -1;
  const axis = raw < 0 ? shape.length + raw : raw;
  return {
    outer: product(shape.slice(0, axis)),
    length: shape[axis]!,
    inner: product(shape.slice(axis + 1)),
  };
}

/** For each sample and line along the axis: `body` with $line the byte offset of the line's first value, stepping `inner`·4. */
function overLines(ctx: WasmEmitContext, node: LayerNode, body: (record: Expr) => string): string {
  const { outer, inner } = softmaxAxis(node);
  const o = ctx.fn.fresh("outer", "i32");
  const i = ctx.fn.fresh("inner", "i32");
  ctx.fn.local("line", "i32");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      o,
      0,
      outer,
      ctx.fn.forLoop(
        i,
        0,
        inner,
        `${set("line", add(mul(get(o), softmaxAxis(node).length * inner * 4), mul(get(i), 4)))}
        ${body(record)}`,
      ),
    ),
  );
}

export function softmaxEmitter(log: boolean): WasmLayerEmitter {
  const at = (record: Expr, k: string, stride: number) =>
    add(add(record, get("line")), mul(get(k), stride));
  return {
    forward(node, ctx) {
      const { length, inner } = softmaxAxis(node);
      const stride = inner * 4;
      for (const l of ["smax", "ssum", "slog"]) ctx.fn.local(l, "f64");
      const x = (record: Expr) =>
        `(f64.promote_f32 ${load("f32", at(record, "k", stride), ctx.input())})`;
      return overLines(
        ctx,
        node,
        (record) => `${set("smax", "(f64.const -inf)")}
        ${ctx.fn.forLoop("k", 0, length, set("smax", `(f64.max ${get("smax")} ${x(record)})`))}
        ${set("ssum", "(f64.const 0)")}
        ${ctx.fn.forLoop("k", 0, length, set("ssum", `(f64.add ${get("ssum")} (call $math_exp (f64.sub ${x(record)} ${get("smax")})))`))}
        ${
          log
            ? `${set("slog", `(f64.add ${get("smax")} (call $math_log ${get("ssum")}))`)}
               ${ctx.fn.forLoop("k", 0, length, store("f32", at(record, "k", stride), ctx.output(), `(f32.demote_f64 (f64.sub ${x(record)} ${get("slog")}))`))}`
            : ctx.fn.forLoop(
                "k",
                0,
                length,
                store(
                  "f32",
                  at(record, "k", stride),
                  ctx.output(),
                  `(f32.demote_f64 (f64.div (call $math_exp (f64.sub ${x(record)} ${get("smax")})) ${get("ssum")}))`,
                ),
              )
        }`,
      );
    },
    /** softmax: dx = y ⊙ (dy − Σ dy·y); log_softmax: dx = dy − exp(y)·Σ dy. */
    backward(node, ctx) {
      const dx = ctx.inputGrad();
      if (dx === undefined) return "";
      const { length, inner } = softmaxAxis(node);
      const stride = inner * 4;
      ctx.fn.local("sdot", "f64");
      const value = (record: Expr, offset: number) =>
        `(f64.promote_f32 ${load("f32", at(record, "k", stride), offset)})`;
      const write = (record: Expr, v: string) =>
        store(
          "f32",
          at(record, "k", stride),
          dx,
          ctx.accumulatesInputGrad()
            ? `(f32.add ${load("f32", at(record, "k", stride), dx)} (f32.demote_f64 ${v}))`
            : `(f32.demote_f64 ${v})`,
        );
      return overLines(ctx, node, (record) =>
        log
          ? `${set("sdot", "(f64.const 0)")}
            ${ctx.fn.forLoop("k", 0, length, set("sdot", `(f64.add ${get("sdot")} ${value(record, ctx.outputGrad())})`))}
            ${ctx.fn.forLoop("k", 0, length, write(record, `(f64.sub ${value(record, ctx.outputGrad())} (f64.mul (call $math_exp ${value(record, ctx.output())}) ${get("sdot")}))`))}`
          : `${set("sdot", "(f64.const 0)")}
            ${ctx.fn.forLoop("k", 0, length, set("sdot", `(f64.add ${get("sdot")} (f64.mul ${value(record, ctx.outputGrad())} ${value(record, ctx.output())}))`))}
            ${ctx.fn.forLoop("k", 0, length, write(record, `(f64.mul ${value(record, ctx.output())} (f64.sub ${value(record, ctx.outputGrad())} ${get("sdot")}))`))}`,
      );
    },
  };
}
