import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import {
  eachRecord,
  exactVectors,
  zeroBytes,
  zeroRecordTensor,
} from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import {
  add,
  f32,
  get,
  horizontalSum,
  load,
  loadLanes,
  mul,
  set,
  store,
  storeLanes,
  zeroV128,
} from "../../codegen/wasm/wat.js";

/**
 * LeNet-5's RBF output units: y_u = ±Σ_j (x_j − w_uj)², four terms per step;
 * d y_u/d x_j = ±2(x_j − w_uj) = −d y_u/d w_uj.
 */
function sizes(node: LayerNode<ResolvedAttrsOf<"rbf">>) {
  return {
    inputs: node.inputShapes[0]![0]!,
    units: node.outputShape[0]!,
    sign: node.attrs.negate === true ? -1 : 1,
  };
}

/** For each sample and unit: `body(record, unit)`; $w_row is the unit's weight row. */
function perUnit(
  ctx: WasmEmitContext,
  node: LayerNode<ResolvedAttrsOf<"rbf">>,
  body: (record: string, unit: string) => string,
): string {
  const { inputs, units } = sizes(node);
  const u = ctx.fn.fresh("unit", "i32");
  ctx.fn.local("w_row", "i32");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      u,
      0,
      units,
      `${set("w_row", add(ctx.param("weight"), mul(get(u), inputs * 4)))}\n${body(record, get(u))}`,
    ),
  );
}

function forward(node: LayerNode<ResolvedAttrsOf<"rbf">>, ctx: WasmEmitContext): string {
  const { inputs, sign } = sizes(node);
  ctx.fn.local("dist", "v128");
  ctx.fn.local("diff", "v128");
  return perUnit(
    ctx,
    node,
    (record, unit) => `${set("dist", zeroV128)}
    ${exactVectors(
      ctx,
      "(i32.const 0)",
      inputs,
      (q, lanes) => `
      ${set("diff", `(f32x4.sub ${loadLanes(add(record, q), ctx.input(), lanes)} ${loadLanes(add(get("w_row"), q), 0, lanes)})`)}
      ${set("dist", `(f32x4.add ${get("dist")} (f32x4.mul ${get("diff")} ${get("diff")}))`)}`,
    )}
    ${store("f32", add(record, mul(unit, 4)), ctx.output(), sign === 1 ? horizontalSum(get("dist")) : `(f32.neg ${horizontalSum(get("dist"))})`)}`,
  );
}

function backward(node: LayerNode<ResolvedAttrsOf<"rbf">>, ctx: WasmEmitContext): string {
  const { inputs, units, sign } = sizes(node);
  const dW = ctx.paramGrad("weight");
  const dx = ctx.inputGrad();
  if (dW === undefined && dx === undefined) return "";
  ctx.fn.local("gscale", "v128");
  ctx.fn.local("slope", "v128");
  const parts: string[] = [];
  if (dW !== undefined) parts.push(zeroBytes(ctx, ctx.grads, dW, units * inputs * 4));
  if (dx !== undefined && !ctx.accumulatesInputGrad())
    parts.push(zeroRecordTensor(ctx, inputs, dx));
  parts.push(
    perUnit(
      ctx,
      node,
      (
        record,
        unit,
      ) => `${set("gscale", `(f32x4.splat (f32.mul ${f32(2 * sign)} ${load("f32", add(record, mul(unit, 4)), ctx.outputGrad())}))`)}
      ${exactVectors(ctx, "(i32.const 0)", inputs, (q, lanes) => {
        const lines = [
          set(
            "slope",
            `(f32x4.mul ${get("gscale")} (f32x4.sub ${load("v128", add(record, q), ctx.input())} ${load("v128", add(get("w_row"), q))}))`,
          ),
        ];
        if (dW !== undefined) {
          const at = add(add(ctx.grads, mul(unit, inputs * 4)), q);
          lines.push(
            storeLanes(at, dW, `(f32x4.sub ${load("v128", at, dW)} ${get("slope")})`, lanes),
          );
        }
        if (dx !== undefined)
          lines.push(
            storeLanes(
              add(record, q),
              dx,
              `(f32x4.add ${load("v128", add(record, q), dx)} ${get("slope")})`,
              lanes,
            ),
          );
        return lines.join("\n");
      })}`,
    ),
  );
  return parts.join("\n");
}

export const rbfWasm: WasmLayerEmitter<ResolvedAttrsOf<"rbf">> = { forward, backward };
