import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { product } from "../../codegen/wasm/geometry.js";
import { eachRecord, exactVectors } from "../../codegen/wasm/kernels/records.js";
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

/** global_avgpool: the mean of each channel's plane; its gradient spreads dy/positions over the plane. */
function globalForward(
  node: LayerNode<ResolvedAttrsOf<"global_avgpool">>,
  ctx: WasmEmitContext,
): string {
  const channels = node.inputShapes[0]![0]!;
  const positions = product(node.inputShapes[0]!) / channels;
  const c = ctx.fn.fresh("c", "i32");
  const sum = ctx.fn.fresh("sum", "v128");
  const plane = ctx.fn.fresh("plane", "i32");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      c,
      0,
      channels,
      `${set(sum, zeroV128)}
      ${set(plane, add(add(record, ctx.input()), mul(get(c), positions * 4)))}
      ${exactVectors(ctx, get(plane), positions, (q, lanes) =>
        set(
          sum,
          `(f32x4.add ${get(sum)} ${lanes === 4 ? load("v128", q) : loadLanes(q, 0, lanes)})`,
        ),
      )}
      ${store("f32", add(record, mul(get(c), 4)), ctx.output(), `(f32.mul ${horizontalSum(get(sum))} ${f32(1 / positions)})`)}`,
    ),
  );
}

function globalBackward(
  node: LayerNode<ResolvedAttrsOf<"global_avgpool">>,
  ctx: WasmEmitContext,
): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  const channels = node.inputShapes[0]![0]!;
  const positions = product(node.inputShapes[0]!) / channels;
  const c = ctx.fn.fresh("c", "i32");
  const share = ctx.fn.fresh("share", "v128");
  const plane = ctx.fn.fresh("plane", "i32");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      c,
      0,
      channels,
      `${set(share, `(f32x4.splat (f32.mul ${load("f32", add(record, mul(get(c), 4)), ctx.outputGrad())} ${f32(1 / positions)}))`)}
      ${set(plane, add(add(record, dx), mul(get(c), positions * 4)))}
      ${exactVectors(ctx, get(plane), positions, (q, lanes) =>
        storeLanes(
          q,
          0,
          ctx.accumulatesInputGrad() ? `(f32x4.add ${load("v128", q)} ${get(share)})` : get(share),
          lanes,
        ),
      )}`,
    ),
  );
}

export const globalAvgpoolWasm: WasmLayerEmitter<ResolvedAttrsOf<"global_avgpool">> = {
  forward: globalForward,
  backward: globalBackward,
};
