/**
 * MaxPoolGrad (channels-last): each output gradient goes to the first maximum
 * of its window, the tie rule of tfjs's cpu kernel. The stock cpu and wasm
 * kernels are several times slower for LeNet's pools than this single pass.
 */
import { backend_util } from "@tensorflow/tfjs";

type Shape4 = [number, number, number, number];

export interface MaxPoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: Parameters<typeof backend_util.computePool2DInfo>[4];
  dimRoundingMode?: Parameters<typeof backend_util.computePool2DInfo>[5];
}

export function poolInfo(inputShape: number[], attrs: MaxPoolAttrs): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    inputShape as Shape4,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

export function maxPoolGrad(
  input: Float32Array,
  dy: Float32Array,
  info: backend_util.Conv2DInfo,
  dx: Float32Array,
): void {
  const c = info.inChannels;
  const {
    inHeight,
    inWidth,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
    filterHeight,
    filterWidth,
  } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  dx.fill(0, 0, info.batchSize * inHeight * inWidth * c);
  for (let b = 0; b < info.batchSize; b++) {
    const inBatch = b * inHeight * inWidth * c;
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * strideHeight - padTop;
      const hStart = Math.max(0, h0);
      const hEnd = Math.min(inHeight, h0 + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * strideWidth - padLeft;
        const wStart = Math.max(0, w0);
        const wEnd = Math.min(inWidth, w0 + filterWidth);
        const dyPixel = ((b * outHeight + oh) * outWidth + ow) * c;
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let bestIndex = -1;
          for (let h = hStart; h < hEnd; h++) {
            for (let w = wStart; w < wEnd; w++) {
              const index = inBatch + (h * inWidth + w) * c + ch;
              const value = input[index];
              if (value > best) {
                best = value;
                bestIndex = index;
              }
            }
          }
          if (bestIndex >= 0) dx[bestIndex] += dy[dyPixel + ch];
        }
      }
    }
  }
}
