import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { eachRecord } from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { add, f32, get, i32, load, mul, set, store } from "../../codegen/wasm/wat.js";
import { denseBackward, denseForward } from "../../codegen/wasm/kernels/dense.js";

/**
 * maxout(units, k): y_u = max_p (w_up·x + b_up). The k·units pieces are one dense
 * product (./dense.ts) into per-sample scratch; the maximum and its piece are kept. The
 * backward pass routes dy to the winning piece only (a per-sample scratch of piece
 * gradients, zero elsewhere) and runs the dense backward on it.
 */
function sizes(node: LayerNode<ResolvedAttrsOf<"maxout">>) {
  return {
    inputs: node.inputShapes[0]![0]!,
    units: node.attrs.units as number,
    k: node.attrs.k as number,
    bias: node.attrs.bias === true,
  };
}

function scratch(node: LayerNode<ResolvedAttrsOf<"maxout">>, ctx: WasmEmitContext) {
  const s = sizes(node);
  return {
    pieces: ctx.scratch("pieces", s.units * s.k * 4, { perSample: true }),
    winner: ctx.scratch("winner", s.units * 4, { perSample: true }),
    pieceGrads: ctx.scratch("piece_grads", s.units * s.k * 4, { perSample: true }),
  };
}

function forward(node: LayerNode<ResolvedAttrsOf<"maxout">>, ctx: WasmEmitContext): string {
  const s = sizes(node);
  const { pieces, winner } = scratch(node, ctx);
  const u = ctx.fn.fresh("unit", "i32");
  const p = ctx.fn.fresh("piece", "i32");
  ctx.fn.local("best", "f32");
  ctx.fn.local("best_at", "i32");
  ctx.fn.local("z", "f32");
  const product = denseForward(ctx, {
    inputs: s.inputs,
    outputs: s.units * s.k,
    x: ctx.input(),
    y: pieces,
    weight: ctx.param("weight"),
    ...(s.bias ? { bias: ctx.param("bias") } : {}),
  });
  const pick = eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      u,
      0,
      s.units,
      `${set("best", f32(-Infinity))} ${set("best_at", i32(0))}
      ${ctx.fn.forLoop(
        p,
        0,
        s.k,
        `${set("z", load("f32", add(record, mul(add(mul(get(u), s.k), get(p)), 4)), pieces))}
        (if (f32.gt ${get("z")} ${get("best")}) (then ${set("best", get("z"))} ${set("best_at", get(p))}))`,
      )}
      ${store("f32", add(record, mul(get(u), 4)), ctx.output(), get("best"))}
      ${store("i32", add(record, mul(get(u), 4)), winner, get("best_at"))}`,
    ),
  );
  return `${product}\n${pick}`;
}

function backward(node: LayerNode<ResolvedAttrsOf<"maxout">>, ctx: WasmEmitContext): string {
  const s = sizes(node);
  const dW = ctx.paramGrad("weight");
  const dBias = s.bias ? ctx.paramGrad("bias") : undefined;
  const dx = ctx.inputGrad();
  if (dW === undefined && dBias === undefined && dx === undefined) return "";
  const { winner, pieceGrads } = scratch(node, ctx);
  const u = ctx.fn.fresh("unit", "i32");
  const p = ctx.fn.fresh("piece", "i32");
  const route = eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      u,
      0,
      s.units,
      ctx.fn.forLoop(
        p,
        0,
        s.k,
        store(
          "f32",
          add(record, mul(add(mul(get(u), s.k), get(p)), 4)),
          pieceGrads,
          `(select ${load("f32", add(record, mul(get(u), 4)), ctx.outputGrad())} ${f32(0)}
            (i32.eq ${get(p)} ${load("i32", add(record, mul(get(u), 4)), winner)}))`,
        ),
      ),
    ),
  );
  return `${route}
    ${denseBackward(
      ctx,
      {
        inputs: s.inputs,
        outputs: s.units * s.k,
        x: ctx.input(),
        y: pieceGrads,
        weight: ctx.param("weight"),
      },
      {
        ...(dW !== undefined ? { dw: dW } : {}),
        ...(dBias !== undefined ? { db: dBias } : {}),
        ...(dx !== undefined ? { dx } : {}),
        accumulate: ctx.accumulatesInputGrad(),
      },
    )}`;
}

export const maxoutWasm: WasmLayerEmitter<ResolvedAttrsOf<"maxout">> = { forward, backward };
