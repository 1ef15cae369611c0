/**
 * Float64 reference convolutions (channels-last), written independently of
 * netc's kernels: their own output-size and padding arithmetic, direct sums.
 */
export type Pad = "same" | "valid" | [[number, number], [number, number]];

export interface ConvCase {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  filterHeight: number;
  filterWidth: number;
  /** Output channels (conv) or channel multiplier (depthwise). */
  outChannels: number;
  stride: [number, number];
  dilation: [number, number];
  pad: Pad;
}

export interface Layout {
  outHeight: number;
  outWidth: number;
  padTop: number;
  padLeft: number;
}

function axis(
  inSize: number,
  k: number,
  stride: number,
  dilation: number,
  pad: Pad,
  which: 0 | 1,
): [out: number, before: number] {
  const effective = (k - 1) * dilation + 1;
  if (pad === "valid") return [Math.ceil((inSize - effective + 1) / stride), 0];
  if (pad === "same") {
    const out = Math.ceil(inSize / stride);
    const total = Math.max(0, (out - 1) * stride + effective - inSize);
    return [out, Math.floor(total / 2)];
  }
  const [before, after] = pad[which];
  return [Math.floor((inSize + before + after - effective) / stride) + 1, before];
}

export function layoutOf(c: ConvCase): Layout {
  const [outHeight, padTop] = axis(
    c.inHeight,
    c.filterHeight,
    c.stride[0],
    c.dilation[0],
    c.pad,
    0,
  );
  const [outWidth, padLeft] = axis(c.inWidth, c.filterWidth, c.stride[1], c.dilation[1], c.pad, 1);
  return { outHeight, outWidth, padTop, padLeft };
}

/** Calls visit(xIndex, filterTapIndexWithoutChannels, outPixelIndex) for every in-range tap. */
function forEachTap(
  c: ConvCase,
  l: Layout,
  visit: (
    b: number,
    ih: number,
    iw: number,
    kh: number,
    kw: number,
    oh: number,
    ow: number,
  ) => void,
): void {
  for (let b = 0; b < c.batch; b++)
    for (let oh = 0; oh < l.outHeight; oh++)
      for (let ow = 0; ow < l.outWidth; ow++)
        for (let kh = 0; kh < c.filterHeight; kh++)
          for (let kw = 0; kw < c.filterWidth; kw++) {
            const ih = oh * c.stride[0] + kh * c.dilation[0] - l.padTop;
            const iw = ow * c.stride[1] + kw * c.dilation[1] - l.padLeft;
            if (ih >= 0 && ih < c.inHeight && iw >= 0 && iw < c.inWidth)
              visit(b, ih, iw, kh, kw, oh, ow);
          }
}

export interface ConvResults {
  out: Float64Array;
  dFilter: Float64Array;
  dInput: Float64Array;
  layout: Layout;
}

/** Forward, and the gradients of Σ out·dy, for a regular conv (filter [kh, kw, ci, co]). */
export function referenceConv(
  c: ConvCase,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
): ConvResults {
  const l = layoutOf(c);
  const ci = c.inChannels;
  const co = c.outChannels;
  const out = new Float64Array(c.batch * l.outHeight * l.outWidth * co);
  const dFilter = new Float64Array(w.length);
  const dInput = new Float64Array(x.length);
  forEachTap(c, l, (b, ih, iw, kh, kw, oh, ow) => {
    const xBase = ((b * c.inHeight + ih) * c.inWidth + iw) * ci;
    const oBase = ((b * l.outHeight + oh) * l.outWidth + ow) * co;
    const wBase = (kh * c.filterWidth + kw) * ci * co;
    for (let i = 0; i < ci; i++)
      for (let o = 0; o < co; o++) {
        const wi = wBase + i * co + o;
        out[oBase + o] += x[xBase + i]! * w[wi]!;
        dFilter[wi] += x[xBase + i]! * dy[oBase + o]!;
        dInput[xBase + i] += w[wi]! * dy[oBase + o]!;
      }
  });
  return { out, dFilter, dInput, layout: l };
}

/** The same for a depthwise conv (filter [kh, kw, ci, m], output channel ci·m + k). */
export function referenceDepthwise(
  c: ConvCase,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
): ConvResults {
  const l = layoutOf(c);
  const ci = c.inChannels;
  const m = c.outChannels;
  const out = new Float64Array(c.batch * l.outHeight * l.outWidth * ci * m);
  const dFilter = new Float64Array(w.length);
  const dInput = new Float64Array(x.length);
  forEachTap(c, l, (b, ih, iw, kh, kw, oh, ow) => {
    const xBase = ((b * c.inHeight + ih) * c.inWidth + iw) * ci;
    const oBase = ((b * l.outHeight + oh) * l.outWidth + ow) * ci * m;
    const wBase = (kh * c.filterWidth + kw) * ci * m;
    for (let i = 0; i < ci; i++)
      for (let k = 0; k < m; k++) {
        const o = i * m + k;
        out[oBase + o] += x[xBase + i]! * w[wBase + o]!;
        dFilter[wBase + o] += x[xBase + i]! * dy[oBase + o]!;
        dInput[xBase + i] += w[wBase + o]! * dy[oBase + o]!;
      }
  });
  return { out, dFilter, dInput, layout: l };
}

/** max |actual − expected| / max |expected|: one number per tensor, scale-free. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length)
    throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / Math.max(scale, 1e-30);
}

/** Deterministic uniform values in [-1, 1) (mulberry32). */
export function seededValues(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

export function nhwcToNchw(
  src: ArrayLike<number>,
  n: number,
  h: number,
  w: number,
  c: number,
): Float32Array {
  const dst = new Float32Array(src.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++)
          dst[((b * c + ch) * h + y) * w + x] = src[((b * h + y) * w + x) * c + ch]!;
  return dst;
}
