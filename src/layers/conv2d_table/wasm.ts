import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { exactVectors, zeroBytes } from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { add, get, load, mul, set, storeLanes } from "../../codegen/wasm/wat.js";
import {
  convPlan,
  convolutionBackward,
  convolutionForward,
} from "../../codegen/wasm/kernels/convolution.js";

/**
 * LeNet-5's C3: output map j convolves only the input maps of table[j], with the packed
 * weight [Σ|table[j]|, kH, kW]. Here the packed kernels are scattered into a dense
 * [filters, in, kH, kW] weight (zeros where the table has no connection) in per-thread
 * scratch, and the convolution runs as a dense one (../conv2d.ts): the dense GEMMs do a
 * little more arithmetic than the table needs and run far faster than a gather per tap.
 * The weight gradient is computed dense and gathered back into the packed layout, so
 * only connected kernels have (and get) gradients.
 */
function layout(node: LayerNode<ResolvedAttrsOf<"conv2d_table">>) {
  const table = node.attrs.table as readonly (readonly number[])[];
  const p = convPlan(node, 1);
  const taps = p.kH * p.kW;
  // dense index of each packed kernel row's first tap
  const rows: number[] = [];
  table.forEach((inputs, j) => {
    for (const i of inputs) rows.push((j * p.channelsIn + i) * taps);
  });
  return { p, taps, rows, denseFloats: p.channelsOut * p.channelsIn * taps };
}

/** Scatter (dense ← packed) or gather (packed ← dense) of `taps`-float kernel rows through a constant table. */
function moveRows(
  ctx: WasmEmitContext,
  rows: readonly number[],
  taps: number,
  dense: { base: string; offset: number },
  packed: { base: string; offset: number },
  direction: "scatter" | "gather",
): string {
  const table = ctx.constant(
    "dense_rows",
    rows.map((r) => r * 4),
  );
  const r = ctx.fn.fresh("kernel", "i32");
  ctx.fn.local("dense_at", "i32");
  ctx.fn.local("packed_at", "i32");
  return ctx.fn.forLoop(
    r,
    0,
    rows.length,
    `${set("dense_at", add(add(dense.base, dense.offset), load("i32", mul(get(r), 4), table)))}
    ${set("packed_at", add(add(packed.base, packed.offset), mul(get(r), taps * 4)))}
    ${exactVectors(ctx, "(i32.const 0)", taps, (q, lanes) =>
      direction === "scatter"
        ? storeLanes(add(get("dense_at"), q), 0, load("v128", add(get("packed_at"), q)), lanes)
        : storeLanes(add(get("packed_at"), q), 0, load("v128", add(get("dense_at"), q)), lanes),
    )}`,
  );
}

/** The dense weight in per-thread scratch, rebuilt from the packed one. */
function denseWeights(node: LayerNode<ResolvedAttrsOf<"conv2d_table">>, ctx: WasmEmitContext) {
  const { taps, rows, denseFloats } = layout(node);
  const at = ctx.scratch("dense_weight", denseFloats * 4);
  const code = `${zeroBytes(ctx, ctx.thread, at, denseFloats * 4)}
    ${moveRows(ctx, rows, taps, { base: ctx.thread, offset: at }, { base: "(i32.const 0)", offset: ctx.param("weight") }, "scatter")}`;
  return { code, weights: { base: ctx.thread, offset: at } };
}

function forward(node: LayerNode<ResolvedAttrsOf<"conv2d_table">>, ctx: WasmEmitContext): string {
  const { p } = layout(node);
  const dense = denseWeights(node, ctx);
  const bias = node.attrs.bias === true ? ctx.param("bias") : undefined;
  return `${dense.code}
    ${convolutionForward(ctx, p, dense.weights, bias)}`;
}

function backward(node: LayerNode<ResolvedAttrsOf<"conv2d_table">>, ctx: WasmEmitContext): string {
  const { p, taps, rows, denseFloats } = layout(node);
  const dWeight = ctx.paramGrad("weight");
  const dBias = node.attrs.bias === true ? ctx.paramGrad("bias") : undefined;
  if (dWeight === undefined && dBias === undefined && ctx.inputGrad() === undefined) return "";
  const dense = denseWeights(node, ctx);
  const gradientAt = ctx.scratch("dense_gradient", denseFloats * 4);
  const parts = [
    dense.code,
    convolutionBackward(ctx, p, {
      weights: dense.weights,
      ...(dWeight !== undefined ? { weightGrad: { base: ctx.thread, offset: gradientAt } } : {}),
      ...(dBias !== undefined ? { biasGrad: dBias } : {}),
    }),
  ];
  if (dWeight !== undefined) {
    parts.push(
      moveRows(
        ctx,
        rows,
        taps,
        { base: ctx.thread, offset: gradientAt },
        { base: ctx.grads, offset: dWeight },
        "gather",
      ),
    );
  }
  return parts.join("\n");
}

export const conv2dTableWasm: WasmLayerEmitter<ResolvedAttrsOf<"conv2d_table">> = {
  forward,
  backward,
};
