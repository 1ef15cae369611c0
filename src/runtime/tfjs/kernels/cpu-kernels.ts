/**
 * Faster replacements for the stock cpu backend's convolution kernels, whose
 * naive loops make one LeNet-5 training step take ~10 s. Each is im2col (or
 * col2im) plus a dot-product GEMM in plain JS, processed a few images at a
 * time so the im2col buffer stays small whatever the batch size.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { type CpuBackendLike, cpuValues } from "./backend-access.js";
import {
  type BackpropFilterAttrs,
  type BackpropInputAttrs,
  type Conv2DAttrs,
  resolveConv,
} from "./conv-attrs.js";
import { type ConvGeometry, patchSize } from "./conv-geometry.js";
import { depthwiseFilterGrad, depthwiseInputGrad } from "./depthwise-loops.js";
import { gemmABt } from "./gemm.js";
import { col2imRows, im2colColumns, im2colRows } from "./im2col.js";
import { nchwToNhwc, nhwcToNchw, transpose2d } from "./layout.js";
import { type MaxPoolAttrs, maxPoolGrad, poolInfo } from "./max-pool-grad.js";

const CPU = "cpu";
/** Upper bound on im2col buffer elements per chunk (16 MB of float32). */
const MAX_CHUNK_ELEMENTS = 1 << 22;

interface KernelArgs<A> {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: A;
}

function input(args: KernelArgs<unknown>, name: string): TensorInfo {
  const t = args.inputs[name];
  if (t === undefined) throw new Error(`kernel input '${name}' is missing`);
  return t;
}

function channelsLastValues(
  backend: CpuBackendLike,
  t: TensorInfo,
  channelsFirst: boolean,
): Float32Array {
  const values = cpuValues(backend, t);
  if (!channelsFirst) return values;
  const [n, c, h, w] = t.shape as [number, number, number, number];
  return nchwToNhwc(values, n, c, h, w);
}

function toCallerLayout(
  values: Float32Array,
  g: ConvGeometry,
  channelsFirst: boolean,
  channels: number,
  height: number,
  width: number,
): Float32Array {
  return channelsFirst ? nhwcToNchw(values, g.batch, channels, height, width) : values;
}

/** Images per chunk so that one chunk's im2col matrix stays under MAX_CHUNK_ELEMENTS. */
function imagesPerChunk(g: ConvGeometry): number {
  const perImage = g.outHeight * g.outWidth * patchSize(g);
  return Math.max(1, Math.min(g.batch, Math.floor(MAX_CHUNK_ELEMENTS / Math.max(1, perImage))));
}

function forEachChunk(g: ConvGeometry, body: (first: number, chunk: ConvGeometry) => void): void {
  const step = imagesPerChunk(g);
  for (let first = 0; first < g.batch; first += step)
    body(first, { ...g, batch: Math.min(step, g.batch - first) });
}

function conv2D(args: KernelArgs<Conv2DAttrs>): TensorInfo {
  const backend = args.backend as CpuBackendLike;
  const x = input(args, "x");
  const filter = input(args, "filter");
  const { geometry: g, channelsFirst, outShape } = resolveConv(x.shape, filter.shape, args.attrs);
  const K = patchSize(g);
  const co = g.outChannels;
  const xValues = channelsLastValues(backend, x, channelsFirst);
  const filterT = transpose2d(cpuValues(backend, filter), K, co);
  const inImage = g.inHeight * g.inWidth * g.inChannels;
  const outImage = g.outHeight * g.outWidth * co;
  const out = new Float32Array(g.batch * outImage);
  const cols = new Float32Array(imagesPerChunk(g) * g.outHeight * g.outWidth * K);
  forEachChunk(g, (first, chunk) => {
    const rows = chunk.batch * g.outHeight * g.outWidth;
    im2colRows(xValues.subarray(first * inImage), chunk, cols);
    gemmABt(cols, filterT, rows, co, K, out.subarray(first * outImage));
  });
  return backend.makeTensorInfo(
    outShape,
    "float32",
    toCallerLayout(out, g, channelsFirst, co, g.outHeight, g.outWidth),
  );
}

function conv2DBackpropFilter(args: KernelArgs<BackpropFilterAttrs>): TensorInfo {
  const backend = args.backend as CpuBackendLike;
  const x = input(args, "x");
  const dy = input(args, "dy");
  const { filterShape } = args.attrs;
  const { geometry: g, channelsFirst } = resolveConv(x.shape, filterShape, args.attrs);
  const K = patchSize(g);
  const co = g.outChannels;
  const positions = g.outHeight * g.outWidth;
  const xValues = channelsLastValues(backend, x, channelsFirst);
  const dyValues = channelsLastValues(backend, dy, channelsFirst);
  const inImage = g.inHeight * g.inWidth * g.inChannels;
  const dW = new Float32Array(K * co);
  const partial = new Float32Array(K * co);
  const maxRows = imagesPerChunk(g) * positions;
  const colsT = new Float32Array(maxRows * K);
  const dyT = new Float32Array(maxRows * co);
  forEachChunk(g, (first, chunk) => {
    const rows = chunk.batch * positions;
    im2colColumns(xValues.subarray(first * inImage), chunk, colsT);
    transpose2d(
      dyValues.subarray(first * positions * co, (first + chunk.batch) * positions * co),
      rows,
      co,
      dyT,
    );
    gemmABt(colsT, dyT, K, co, rows, partial);
    for (let i = 0; i < dW.length; i++) dW[i] += partial[i];
  });
  return backend.makeTensorInfo([...filterShape], "float32", dW);
}

function conv2DBackpropInput(args: KernelArgs<BackpropInputAttrs>): TensorInfo {
  const backend = args.backend as CpuBackendLike;
  const dy = input(args, "dy");
  const filter = input(args, "filter");
  const { inputShape } = args.attrs;
  const { geometry: g, channelsFirst } = resolveConv(inputShape, filter.shape, args.attrs);
  const K = patchSize(g);
  const co = g.outChannels;
  const positions = g.outHeight * g.outWidth;
  const dyValues = channelsLastValues(backend, dy, channelsFirst);
  const filterValues = cpuValues(backend, filter);
  const inImage = g.inHeight * g.inWidth * g.inChannels;
  const dx = new Float32Array(g.batch * inImage);
  const cols = new Float32Array(imagesPerChunk(g) * positions * K);
  forEachChunk(g, (first, chunk) => {
    const rows = chunk.batch * positions;
    // cols[N, K] = dy[N, Co] · W[K, Co]ᵀ: W's own layout is the "Bᵀ" operand.
    gemmABt(dyValues.subarray(first * positions * co), filterValues, rows, K, co, cols);
    col2imRows(cols, chunk, dx.subarray(first * inImage));
  });
  return backend.makeTensorInfo(
    [...inputShape],
    "float32",
    toCallerLayout(dx, g, channelsFirst, g.inChannels, g.inHeight, g.inWidth),
  );
}

function depthwiseBackpropFilter(args: KernelArgs<BackpropFilterAttrs>): TensorInfo {
  const backend = args.backend as CpuBackendLike;
  const x = input(args, "x");
  const dy = input(args, "dy");
  const { filterShape } = args.attrs;
  const g = resolveConv(x.shape, filterShape, args.attrs, true).geometry;
  const dW = new Float32Array(filterShape.reduce((a, b) => a * b, 1));
  depthwiseFilterGrad(cpuValues(backend, x), cpuValues(backend, dy), g, dW);
  return backend.makeTensorInfo([...filterShape], "float32", dW);
}

function depthwiseBackpropInput(args: KernelArgs<BackpropInputAttrs>): TensorInfo {
  const backend = args.backend as CpuBackendLike;
  const dy = input(args, "dy");
  const filter = input(args, "filter");
  const { inputShape } = args.attrs;
  const g = resolveConv(inputShape, filter.shape, args.attrs, true).geometry;
  const dx = new Float32Array(inputShape.reduce((a, b) => a * b, 1));
  depthwiseInputGrad(cpuValues(backend, dy), cpuValues(backend, filter), g, dx);
  return backend.makeTensorInfo([...inputShape], "float32", dx);
}

function maxPoolGradKernel(args: KernelArgs<MaxPoolAttrs>): TensorInfo {
  const backend = args.backend as CpuBackendLike;
  const x = input(args, "input");
  const info = poolInfo(x.shape, args.attrs);
  const dx = new Float32Array(x.shape.reduce((a, b) => a * b, 1));
  maxPoolGrad(cpuValues(backend, x), cpuValues(backend, input(args, "dy")), info, dx);
  return backend.makeTensorInfo([...x.shape], "float32", dx);
}

function config(
  kernelName: string,
  kernelFunc: (args: KernelArgs<never>) => TensorInfo,
): KernelConfig {
  return { kernelName, backendName: CPU, kernelFunc: kernelFunc as unknown as KernelFunc };
}

export const cpuKernelConfigs: readonly KernelConfig[] = [
  config("Conv2D", conv2D),
  config("Conv2DBackpropFilter", conv2DBackpropFilter),
  config("Conv2DBackpropInput", conv2DBackpropInput),
  config("DepthwiseConv2dNativeBackpropFilter", depthwiseBackpropFilter),
  config("DepthwiseConv2dNativeBackpropInput", depthwiseBackpropInput),
  config("MaxPoolGrad", maxPoolGradKernel),
];
