/**
 * The shape facts of one 2-D convolution, flattened from tfjs's Conv2DInfo so
 * that the loop code below needs no tfjs types. Tensors are always handled in
 * channels-last order here (NCHW callers transpose first).
 */
import { backend_util } from "@tensorflow/tfjs";

export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
  /** Depthwise only: output channels per input channel (filter's last dimension). */
  channelMultiplier: number;
}

export function geometryFromConvInfo(
  info: backend_util.Conv2DInfo,
  channelMultiplier = 1,
): ConvGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    channelMultiplier,
  };
}

/** Rows of the im2col matrix: one per output position (batch × outHeight × outWidth). */
export function patchCount(g: ConvGeometry): number {
  return g.batch * g.outHeight * g.outWidth;
}

/** Columns of the im2col matrix: one per filter tap and input channel, in [kh][kw][ci] order. */
export function patchSize(g: ConvGeometry): number {
  return g.filterHeight * g.filterWidth * g.inChannels;
}

/** Out-of-range taps read the zero padding: for each filter row, the output rows that touch real input. */
export function validOutputRange(
  kernelOffset: number,
  pad: number,
  stride: number,
  inSize: number,
  outSize: number,
): [start: number, end: number] {
  // input index = out * stride + kernelOffset - pad must lie in [0, inSize)
  const start = Math.max(0, Math.ceil((pad - kernelOffset) / stride));
  const end = Math.min(outSize, Math.floor((inSize - 1 + pad - kernelOffset) / stride) + 1);
  return [start, Math.max(start, end)];
}

/**
 * Every filter tap (kh, kw) with its offsets into the input (kh·dilation, kw·dilation)
 * and the output rows [ohStart, ohEnd) and columns [owStart, owEnd) whose input under
 * that tap is real, not padding: the loops of the tap-major kernels.
 */
export interface FilterTap {
  kh: number;
  kw: number;
  khOffset: number;
  kwOffset: number;
  ohStart: number;
  ohEnd: number;
  owStart: number;
  owEnd: number;
}

export function filterTaps(g: ConvGeometry): FilterTap[] {
  const taps: FilterTap[] = [];
  for (let kh = 0; kh < g.filterHeight; kh++) {
    const khOffset = kh * g.dilationHeight;
    const [ohStart, ohEnd] = validOutputRange(
      khOffset,
      g.padTop,
      g.strideHeight,
      g.inHeight,
      g.outHeight,
    );
    for (let kw = 0; kw < g.filterWidth; kw++) {
      const kwOffset = kw * g.dilationWidth;
      const [owStart, owEnd] = validOutputRange(
        kwOffset,
        g.padLeft,
        g.strideWidth,
        g.inWidth,
        g.outWidth,
      );
      taps.push({ kh, kw, khOffset, kwOffset, ohStart, ohEnd, owStart, owEnd });
    }
  }
  return taps;
}
