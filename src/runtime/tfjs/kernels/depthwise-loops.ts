/**
 * Gradients of a depthwise convolution (channels-last; filter [kh, kw, ci, m],
 * output channel = ci·m + k). Each input channel only meets its own m filters,
 * so the work is small and direct loops are the right tool.
 */
import { type ConvGeometry, filterTaps } from "./conv-geometry.js";

/** dW[kh, kw, ci, m] = Σ_{b, oh, ow} x[b, ih, iw, ci] · dy[b, oh, ow, ci·m + k]. */
export function depthwiseFilterGrad(
  x: Float32Array,
  dy: Float32Array,
  g: ConvGeometry,
  dW: Float32Array,
): void {
  const ci = g.inChannels;
  const mult = g.channelMultiplier;
  const co = ci * mult;
  dW.fill(0, 0, g.filterHeight * g.filterWidth * co);
  for (const { kh, kw, khOffset, kwOffset, ohStart, ohEnd, owStart, owEnd } of filterTaps(g)) {
    const dwTap = (kh * g.filterWidth + kw) * co;
    for (let b = 0; b < g.batch; b++) {
      for (let oh = ohStart; oh < ohEnd; oh++) {
        const ih = oh * g.strideHeight + khOffset - g.padTop;
        for (let ow = owStart; ow < owEnd; ow++) {
          const iw = ow * g.strideWidth + kwOffset - g.padLeft;
          const xPixel = ((b * g.inHeight + ih) * g.inWidth + iw) * ci;
          const dyPixel = ((b * g.outHeight + oh) * g.outWidth + ow) * co;
          for (let c = 0; c < ci; c++) {
            const xv = x[xPixel + c];
            const base = c * mult;
            for (let k = 0; k < mult; k++) dW[dwTap + base + k] += xv * dy[dyPixel + base + k];
          }
        }
      }
    }
  }
}

/** dx[b, ih, iw, ci] = Σ_{kh, kw, k} dy[b, oh, ow, ci·m + k] · W[kh, kw, ci, k]. */
export function depthwiseInputGrad(
  dy: Float32Array,
  filter: Float32Array,
  g: ConvGeometry,
  dx: Float32Array,
): void {
  const ci = g.inChannels;
  const mult = g.channelMultiplier;
  const co = ci * mult;
  dx.fill(0, 0, g.batch * g.inHeight * g.inWidth * ci);
  for (const { kh, kw, khOffset, kwOffset, ohStart, ohEnd, owStart, owEnd } of filterTaps(g)) {
    const wTap = (kh * g.filterWidth + kw) * co;
    for (let b = 0; b < g.batch; b++) {
      for (let oh = ohStart; oh < ohEnd; oh++) {
        const ih = oh * g.strideHeight + khOffset - g.padTop;
        for (let ow = owStart; ow < owEnd; ow++) {
          const iw = ow * g.strideWidth + kwOffset - g.padLeft;
          const xPixel = ((b * g.inHeight + ih) * g.inWidth + iw) * ci;
          const dyPixel = ((b * g.outHeight + oh) * g.outWidth + ow) * co;
          for (let c = 0; c < ci; c++) {
            const base = c * mult;
            let sum = 0;
            for (let k = 0; k < mult; k++) sum += dy[dyPixel + base + k] * filter[wTap + base + k];
            dx[xPixel + c] += sum;
          }
        }
      }
    }
  }
}
