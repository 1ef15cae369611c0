/** Channels-first ↔ channels-last copies for 4-D float32 tensors (NCHW kernels reuse the NHWC loops). */

export function nchwToNhwc(
  src: Float32Array,
  n: number,
  c: number,
  h: number,
  w: number,
  dst: Float32Array = new Float32Array(src.length),
): Float32Array {
  const plane = h * w;
  for (let b = 0; b < n; b++) {
    const srcBatch = b * c * plane;
    const dstBatch = b * plane * c;
    for (let ch = 0; ch < c; ch++) {
      const srcPlane = srcBatch + ch * plane;
      for (let p = 0; p < plane; p++) dst[dstBatch + p * c + ch] = src[srcPlane + p];
    }
  }
  return dst;
}

export function nhwcToNchw(
  src: Float32Array,
  n: number,
  c: number,
  h: number,
  w: number,
  dst: Float32Array = new Float32Array(src.length),
): Float32Array {
  const plane = h * w;
  for (let b = 0; b < n; b++) {
    const srcBatch = b * plane * c;
    const dstBatch = b * c * plane;
    for (let ch = 0; ch < c; ch++) {
      const dstPlane = dstBatch + ch * plane;
      for (let p = 0; p < plane; p++) dst[dstPlane + p] = src[srcBatch + p * c + ch];
    }
  }
  return dst;
}

/** Row-major [rows, cols] → [cols, rows]. */
export function transpose2d(
  src: Float32Array,
  rows: number,
  cols: number,
  dst: Float32Array = new Float32Array(rows * cols),
): Float32Array {
  for (let r = 0; r < rows; r++) {
    const rowStart = r * cols;
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[rowStart + c];
  }
  return dst;
}
