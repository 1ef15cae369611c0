/**
 * Kernels netc adds to (or swaps into) the tfjs wasm backend. The stock
 * backend lacks Conv2DBackpropFilter and the depthwise backprop kernels, so
 * conv nets cannot train on it; its Conv2DBackpropInput exists but is a naive
 * loop. Here the convolution gradients are one im2col/col2im pass in JS over
 * the wasm heap plus one call of the backend's own BatchMatMul (XNNPACK,
 * SIMD) each; the depthwise gradients are direct loops (little work).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { type WasmBackendLike, callBackendKernel, floatView } from "./backend-access.js";
import { type BackpropFilterAttrs, type BackpropInputAttrs, resolveConv } from "./conv-attrs.js";
import { type ConvGeometry, patchCount, patchSize } from "./conv-geometry.js";
import { depthwiseFilterGrad, depthwiseInputGrad } from "./depthwise-loops.js";
import { col2imRows, im2colColumns } from "./im2col.js";
import { nchwToNhwc, nhwcToNchw, transpose2d } from "./layout.js";
import { type MaxPoolAttrs, maxPoolGrad, poolInfo } from "./max-pool-grad.js";

const WASM = "wasm";

interface KernelArgs<A> {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: A;
}

function input(args: KernelArgs<unknown>, name: string): TensorInfo {
  const t = args.inputs[name];
  if (t === undefined) throw new Error(`kernel input '${name}' is missing`);
  if (t.dtype !== "float32")
    throw new Error(`netc wasm kernels need float32 input '${name}', got ${t.dtype}`);
  return t;
}

/** A channels-last copy of a 4-D NCHW heap tensor (caller disposes it). */
function channelsLastCopy(backend: WasmBackendLike, t: TensorInfo): TensorInfo {
  const [n, c, h, w] = t.shape as [number, number, number, number];
  const copy = backend.makeOutput([n, h, w, c], "float32");
  nchwToNhwc(floatView(backend, t), n, c, h, w, floatView(backend, copy));
  return copy;
}

function matMul(backend: WasmBackendLike, a: TensorInfo, b: TensorInfo): TensorInfo {
  return callBackendKernel(
    "BatchMatMul",
    WASM,
    { a, b },
    { transposeA: false, transposeB: false },
    backend,
  );
}

/** dW[K, Co] = im2colᵀ(x)[K, N] · dy[N, Co]. */
function conv2DBackpropFilter(args: KernelArgs<BackpropFilterAttrs>): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = input(args, "x");
  const dy = input(args, "dy");
  const { geometry: g, channelsFirst } = resolveConv(x.shape, args.attrs.filterShape, args.attrs);
  const temporaries: TensorInfo[] = [];
  const xLast = channelsFirst ? channelsLastCopy(backend, x) : x;
  const dyLast = channelsFirst ? channelsLastCopy(backend, dy) : dy;
  if (channelsFirst) temporaries.push(xLast, dyLast);
  const N = patchCount(g);
  const K = patchSize(g);
  const colsT = backend.makeOutput([K, N], "float32");
  temporaries.push(colsT);
  im2colColumns(floatView(backend, xLast), g, floatView(backend, colsT));
  const dy2d: TensorInfo = { dataId: dyLast.dataId, shape: [N, g.outChannels], dtype: "float32" };
  const dW = matMul(backend, colsT, dy2d);
  for (const t of temporaries) backend.disposeData(t.dataId);
  return { dataId: dW.dataId, shape: [...args.attrs.filterShape], dtype: "float32" };
}

/** dx = col2im(dy[N, Co] · Wᵀ[Co, K]). */
function conv2DBackpropInput(args: KernelArgs<BackpropInputAttrs>): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const dy = input(args, "dy");
  const filter = input(args, "filter");
  const { inputShape } = args.attrs;
  const { geometry: g, channelsFirst } = resolveConv(inputShape, filter.shape, args.attrs);
  const N = patchCount(g);
  const K = patchSize(g);
  const temporaries: TensorInfo[] = [];
  const dyLast = channelsFirst ? channelsLastCopy(backend, dy) : dy;
  if (channelsFirst) temporaries.push(dyLast);
  const filterT = backend.makeOutput([g.outChannels, K], "float32");
  temporaries.push(filterT);
  transpose2d(floatView(backend, filter), K, g.outChannels, floatView(backend, filterT));
  const dy2d: TensorInfo = { dataId: dyLast.dataId, shape: [N, g.outChannels], dtype: "float32" };
  const cols = matMul(backend, dy2d, filterT);
  temporaries.push(cols);
  const dx = backend.makeOutput([...inputShape], "float32");
  if (channelsFirst) {
    const dxLast = backend.makeOutput([g.batch, g.inHeight, g.inWidth, g.inChannels], "float32");
    temporaries.push(dxLast);
    col2imRows(floatView(backend, cols), g, floatView(backend, dxLast));
    nhwcToNchw(
      floatView(backend, dxLast),
      g.batch,
      g.inChannels,
      g.inHeight,
      g.inWidth,
      floatView(backend, dx),
    );
  } else {
    col2imRows(floatView(backend, cols), g, floatView(backend, dx));
  }
  for (const t of temporaries) backend.disposeData(t.dataId);
  return dx;
}

function depthwiseBackpropFilter(args: KernelArgs<BackpropFilterAttrs>): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = input(args, "x");
  const dy = input(args, "dy");
  const { filterShape } = args.attrs;
  const g: ConvGeometry = resolveConv(x.shape, filterShape, args.attrs, true).geometry;
  const dW = backend.makeOutput([...filterShape], "float32");
  depthwiseFilterGrad(floatView(backend, x), floatView(backend, dy), g, floatView(backend, dW));
  return dW;
}

function depthwiseBackpropInput(args: KernelArgs<BackpropInputAttrs>): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const dy = input(args, "dy");
  const filter = input(args, "filter");
  const { inputShape } = args.attrs;
  const g = resolveConv(inputShape, filter.shape, args.attrs, true).geometry;
  const dx = backend.makeOutput([...inputShape], "float32");
  depthwiseInputGrad(floatView(backend, dy), floatView(backend, filter), g, floatView(backend, dx));
  return dx;
}

function maxPoolGradKernel(args: KernelArgs<MaxPoolAttrs>): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const dy = input(args, "dy");
  const x = input(args, "input");
  const info = poolInfo(x.shape, args.attrs);
  const dx = backend.makeOutput([...x.shape], "float32");
  maxPoolGrad(floatView(backend, x), floatView(backend, dy), info, floatView(backend, dx));
  return dx;
}

function config(
  kernelName: string,
  kernelFunc: (args: KernelArgs<never>) => TensorInfo,
): KernelConfig {
  return { kernelName, backendName: WASM, kernelFunc: kernelFunc as unknown as KernelFunc };
}

export const wasmKernelConfigs: readonly KernelConfig[] = [
  config("Conv2DBackpropFilter", conv2DBackpropFilter),
  config("Conv2DBackpropInput", conv2DBackpropInput),
  config("DepthwiseConv2dNativeBackpropFilter", depthwiseBackpropFilter),
  config("DepthwiseConv2dNativeBackpropInput", depthwiseBackpropInput),
  config("MaxPoolGrad", maxPoolGradKernel),
];
