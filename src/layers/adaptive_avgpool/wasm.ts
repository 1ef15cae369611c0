import type { ResolvedAttrsOf } from "../definitions.js";
import type { LayerNode } from "../../ir/ir.js";
import { eachRecord, zeroRecordTensor } from "../../codegen/wasm/kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../../codegen/wasm/layer-emitter.js";
import { add, f32, get, load, mul, set, store } from "../../codegen/wasm/wat.js";

/**
 * adaptive_avgpool: output bin i of an axis averages inputs ⌊i·In/Out⌋ … ⌈(i+1)·In/Out⌉ − 1
 * (the bins, resolved by the layer, are constants of the model and may overlap). The bins
 * are unrolled: each output is a constant run of taps.
 */
function layout(node: LayerNode<ResolvedAttrsOf<"adaptive_avgpool">>) {
  const shape = node.inputShapes[0]!;
  const bins = node.attrs.bins as unknown as [number, number][][];
  const rows = shape.length === 3 ? bins[0]! : [[0, 1] as [number, number]];
  const cols = bins[bins.length - 1]!;
  return {
    channels: shape[0]!,
    inH: shape.length === 3 ? shape[1]! : 1,
    inW: shape[shape.length - 1]!,
    rows,
    cols,
  };
}

/** Per sample and channel: `perBin(xPlane, yPlane, outIndex, taps, area)` for every output bin. */
function overBins(
  ctx: WasmEmitContext,
  node: LayerNode<ResolvedAttrsOf<"adaptive_avgpool">>,
  x: number,
  y: number,
  perBin: (xPlane: string, yAt: number, taps: number[]) => string,
): string {
  const a = layout(node);
  const c = ctx.fn.fresh("channel", "i32");
  ctx.fn.local("x_plane", "i32");
  ctx.fn.local("y_plane", "i32");
  const bins: string[] = [];
  a.rows.forEach(([r0, r1], oh) =>
    a.cols.forEach(([c0, c1], ow) => {
      const taps: number[] = [];
      for (let ih = r0; ih < r1; ih++)
        for (let iw = c0; iw < c1; iw++) taps.push((ih * a.inW + iw) * 4);
      bins.push(perBin(get("x_plane"), (oh * a.cols.length + ow) * 4, taps));
    }),
  );
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      c,
      0,
      a.channels,
      `${set("x_plane", add(add(record, x), mul(get(c), a.inH * a.inW * 4)))}
      ${set("y_plane", add(add(record, y), mul(get(c), a.rows.length * a.cols.length * 4)))}
      ${bins.join("\n")}`,
    ),
  );
}

function forward(
  node: LayerNode<ResolvedAttrsOf<"adaptive_avgpool">>,
  ctx: WasmEmitContext,
): string {
  return overBins(ctx, node, ctx.input(), ctx.output(), (xPlane, yAt, taps) => {
    const sum = taps.map((t) => load("f32", xPlane, t)).reduce((s, t) => `(f32.add ${s} ${t})`);
    return store("f32", get("y_plane"), yAt, `(f32.div ${sum} ${f32(taps.length)})`);
  });
}

function backward(
  node: LayerNode<ResolvedAttrsOf<"adaptive_avgpool">>,
  ctx: WasmEmitContext,
): string {
  const dx = ctx.inputGrad();
  if (dx === undefined) return "";
  ctx.fn.local("share", "f32");
  const clear = ctx.accumulatesInputGrad()
    ? ""
    : zeroRecordTensor(
        ctx,
        node.inputShapes[0]!.reduce((p, d) => p * d, 1),
        dx,
      );
  // bins may overlap, so the shares are added
  return `${clear}
    ${overBins(
      ctx,
      node,
      dx,
      ctx.outputGrad(),
      (dxPlane, dyAt, taps) => `
      ${set("share", `(f32.div ${load("f32", get("y_plane"), dyAt)} ${f32(taps.length)})`)}
      ${taps.map((t) => store("f32", dxPlane, t, `(f32.add ${load("f32", dxPlane, t)} ${get("share")})`)).join("\n")}`,
    )}`;
}

export const adaptiveAvgpoolWasm: WasmLayerEmitter<ResolvedAttrsOf<"adaptive_avgpool">> = {
  forward,
  backward,
};
