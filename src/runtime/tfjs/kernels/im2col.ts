/**
 * im2col and its adjoint col2im over channels-last float32 data. They turn a
 * convolution and both of its gradients into one matrix product each:
 *   forward      out[N, Co] = cols[N, K] · W[K, Co]
 *   filter grad  dW[K, Co]  = colsᵀ[K, N] · dy[N, Co]
 *   input grad   dx = col2im(dy[N, Co] · Wᵀ[Co, K])
 * with N = batch·outH·outW output positions and K = kh·kw·ci filter taps,
 * taps ordered [kh][kw][ci] so that W's tfjs layout [kh, kw, ci, co] is
 * already the row-major K×Co matrix.
 */
import { type ConvGeometry, filterTaps, patchCount, patchSize } from "./conv-geometry.js";

/** cols[N, K]: row per output position. Taps that fall in the padding are zero. */
export function im2colRows(x: Float32Array, g: ConvGeometry, cols: Float32Array): void {
  const K = patchSize(g);
  const ci = g.inChannels;
  const rowStride = g.inWidth * ci;
  const batchStride = g.inHeight * rowStride;
  let row = 0;
  for (let b = 0; b < g.batch; b++) {
    const xBatch = b * batchStride;
    for (let oh = 0; oh < g.outHeight; oh++) {
      const ihBase = oh * g.strideHeight - g.padTop;
      for (let ow = 0; ow < g.outWidth; ow++, row++) {
        const iwBase = ow * g.strideWidth - g.padLeft;
        let col = row * K;
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const ih = ihBase + kh * g.dilationHeight;
          const rowInside = ih >= 0 && ih < g.inHeight;
          for (let kw = 0; kw < g.filterWidth; kw++) {
            const iw = iwBase + kw * g.dilationWidth;
            if (rowInside && iw >= 0 && iw < g.inWidth) {
              const src = xBatch + ih * rowStride + iw * ci;
              for (let c = 0; c < ci; c++) cols[col + c] = x[src + c];
            } else {
              cols.fill(0, col, col + ci);
            }
            col += ci;
          }
        }
      }
    }
  }
}

/** colsT[K, N]: the transpose of im2colRows, written directly (one row per tap). */
export function im2colColumns(x: Float32Array, g: ConvGeometry, colsT: Float32Array): void {
  const N = patchCount(g);
  const ci = g.inChannels;
  const rowStride = g.inWidth * ci;
  const batchStride = g.inHeight * rowStride;
  const positionsPerImage = g.outHeight * g.outWidth;
  colsT.fill(0, 0, patchSize(g) * N);
  for (const { kh, kw, khOffset, kwOffset, ohStart, ohEnd, owStart, owEnd } of filterTaps(g)) {
    for (let c = 0; c < ci; c++) {
      const tapRow = ((kh * g.filterWidth + kw) * ci + c) * N;
      for (let b = 0; b < g.batch; b++) {
        const dstImage = tapRow + b * positionsPerImage;
        const srcImage = b * batchStride + c;
        for (let oh = ohStart; oh < ohEnd; oh++) {
          const ih = oh * g.strideHeight + khOffset - g.padTop;
          const dstRow = dstImage + oh * g.outWidth;
          let src =
            srcImage + ih * rowStride + (owStart * g.strideWidth + kwOffset - g.padLeft) * ci;
          const srcStep = g.strideWidth * ci;
          for (let ow = owStart; ow < owEnd; ow++, src += srcStep) colsT[dstRow + ow] = x[src];
        }
      }
    }
  }
}

/** dx (channels-last, overwritten) = the adjoint of im2colRows applied to cols[N, K]. */
export function col2imRows(cols: Float32Array, g: ConvGeometry, dx: Float32Array): void {
  const K = patchSize(g);
  const ci = g.inChannels;
  const rowStride = g.inWidth * ci;
  const batchStride = g.inHeight * rowStride;
  dx.fill(0, 0, g.batch * batchStride);
  let row = 0;
  for (let b = 0; b < g.batch; b++) {
    const xBatch = b * batchStride;
    for (let oh = 0; oh < g.outHeight; oh++) {
      const ihBase = oh * g.strideHeight - g.padTop;
      for (let ow = 0; ow < g.outWidth; ow++, row++) {
        const iwBase = ow * g.strideWidth - g.padLeft;
        let col = row * K;
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const ih = ihBase + kh * g.dilationHeight;
          if (ih < 0 || ih >= g.inHeight) {
            col += g.filterWidth * ci;
            continue;
          }
          for (let kw = 0; kw < g.filterWidth; kw++, col += ci) {
            const iw = iwBase + kw * g.dilationWidth;
            if (iw < 0 || iw >= g.inWidth) continue;
            const dst = xBatch + ih * rowStride + iw * ci;
            for (let c = 0; c < ci; c++) dx[dst + c] += cols[col + c];
          }
        }
      }
    }
  }
}
