import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { product } from "../../codegen/wasm/geometry.js";
import { eachRecord, zeroRecordTensor } from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { add, get, load, mul, storeLanes, type Expr } from "../../codegen/wasm/wat.js";

/** zeropad2d: the four sides as the definition resolved them; rows are copied into the zeroed output (and back). */
function padRows(
  node: LayerNode<ResolvedAttrsOf<"zeropad2d">>,
  ctx: WasmEmitContext,
  body: (from: Expr, to: Expr) => string,
): string {
  const [channels, inH, inW] = node.inputShapes[0]! as [number, number, number];
  const [, outH, outW] = node.outputShape as [number, number, number];
  const top = node.attrs.sides.top;
  const plane = ctx.fn.fresh("pad_plane", "i32");
  const h = ctx.fn.fresh("pad_row", "i32");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      plane,
      0,
      channels,
      ctx.fn.forLoop(
        h,
        0,
        inH,
        body(
          add(record, add(mul(get(plane), inH * inW * 4), mul(get(h), inW * 4))),
          add(record, add(mul(get(plane), outH * outW * 4), mul(add(get(h), top), outW * 4))),
        ),
      ),
    ),
  );
}

/** Copies `count` floats from `from`+a to `to`+b (whole vectors, exact lanes at the end). */
function rowCopy(
  count: number,
  from: Expr,
  fromOffset: number,
  to: Expr,
  toOffset: number,
  accumulate: boolean,
): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i += 4) {
    const lanes = Math.min(4, count - i);
    const value = load("v128", from, fromOffset + 4 * i);
    parts.push(
      storeLanes(
        to,
        toOffset + 4 * i,
        accumulate ? `(f32x4.add ${load("v128", to, toOffset + 4 * i)} ${value})` : value,
        lanes,
      ),
    );
  }
  return parts.join("\n");
}

export const zeropad2dWasm: WasmLayerEmitter<ResolvedAttrsOf<"zeropad2d">> = {
  forward(node, ctx) {
    const inW = node.inputShapes[0]![2]!;
    const left = node.attrs.sides.left;
    return `${zeroRecordTensor(ctx, product(node.outputShape), ctx.output())}
      ${padRows(node, ctx, (from, to) => rowCopy(inW, from, ctx.input(), to, ctx.output() + 4 * left, false))}`;
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    if (dx === undefined) return "";
    const inW = node.inputShapes[0]![2]!;
    const left = node.attrs.sides.left;
    return padRows(node, ctx, (from, to) =>
      rowCopy(inW, to, ctx.outputGrad() + 4 * left, from, dx, ctx.accumulatesInputGrad()),
    );
  },
};
