/**
 * Whole-dataset preprocessing, applied once after loading (the `data = …(…)` options):
 * range scaling, per-channel normalisation and zero-centring, zero padding, resizing.
 * Loaders give values in [0, 1]; statistics should come from the training part and be
 * applied unchanged to validation and test data.
 */
import { type Dataset, type Shape3, sampleSize } from "./dataset.js";

export interface ChannelStats {
  readonly mean: number[];
  readonly std: number[];
}

/** Maps [0, 1] to [low, high] in place (e.g. [-1, 1] for tanh networks). */
export function scaleRange(dataset: Dataset, low: number, high: number): void {
  const span = high - low;
  const images = dataset.images;
  for (let i = 0; i < images.length; i++) images[i] = low + span * images[i]!;
}

/** Per-channel mean and population standard deviation (float64 accumulation). */
export function channelStats(dataset: Dataset): ChannelStats {
  const [channels, height, width] = dataset.shape;
  const plane = height * width;
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    let sumSquares = 0;
    for (let n = 0; n < dataset.count; n++) {
      const base = (n * channels + c) * plane;
      for (let i = 0; i < plane; i++) {
        const value = dataset.images[base + i]!;
        sum += value;
        sumSquares += value * value;
      }
    }
    const total = dataset.count * plane;
    const m = sum / total;
    mean.push(m);
    std.push(Math.sqrt(Math.max(0, sumSquares / total - m * m)));
  }
  return { mean, std };
}

function perChannel(values: readonly number[], channels: number, what: string): number[] {
  if (values.length === channels) return [...values];
  if (values.length === 1) return new Array<number>(channels).fill(values[0]!);
  throw new RangeError(
    `${what} has ${values.length} values, but the data has ${channels} channels`,
  );
}

/** x ← (x − mean[c]) / std[c] in place; one value applies to every channel. */
export function normalize(dataset: Dataset, mean: readonly number[], std: readonly number[]): void {
  const [channels, height, width] = dataset.shape;
  const means = perChannel(mean, channels, "normalize mean");
  const stds = perChannel(std, channels, "normalize std");
  const plane = height * width;
  for (let n = 0; n < dataset.count; n++) {
    for (let c = 0; c < channels; c++) {
      const base = (n * channels + c) * plane;
      const m = means[c]!;
      const inverse = 1 / stds[c]!;
      for (let i = 0; i < plane; i++)
        dataset.images[base + i] = (dataset.images[base + i]! - m) * inverse;
    }
  }
}

/** Subtracts the per-channel mean in place (computed from this dataset unless given); returns it. */
export function zeroCentre(dataset: Dataset, mean?: readonly number[]): number[] {
  const means = perChannel(
    mean ?? channelStats(dataset).mean,
    dataset.shape[0],
    "zero-centre mean",
  );
  normalize(dataset, means, [1]);
  return means;
}

export interface Padding {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/** A new dataset with each image surrounded by `fill` (e.g. 28×28 → 32×32 with pad 2). */
export function pad(dataset: Dataset, padding: number | Padding, fill = 0): Dataset {
  const p =
    typeof padding === "number"
      ? { top: padding, bottom: padding, left: padding, right: padding }
      : padding;
  const [channels, height, width] = dataset.shape;
  const outHeight = height + p.top + p.bottom;
  const outWidth = width + p.left + p.right;
  const images = new Float32Array(dataset.count * channels * outHeight * outWidth).fill(fill);
  for (let plane = 0; plane < dataset.count * channels; plane++) {
    for (let y = 0; y < height; y++) {
      const from = (plane * height + y) * width;
      images.set(
        dataset.images.subarray(from, from + width),
        (plane * outHeight + y + p.top) * outWidth + p.left,
      );
    }
  }
  return { ...dataset, images, shape: [channels, outHeight, outWidth] };
}

export type ResizeMode = "nearest" | "bilinear";

/**
 * A new dataset resized to height × width. Sampling uses pixel centres (half-pixel offsets),
 * as PyTorch's interpolate with align_corners=false and TensorFlow's resize with half_pixel_centers.
 */
export function resize(
  dataset: Dataset,
  outHeight: number,
  outWidth: number,
  mode: ResizeMode = "bilinear",
): Dataset {
  const [channels, height, width] = dataset.shape;
  const shape: Shape3 = [channels, outHeight, outWidth];
  const images = new Float32Array(dataset.count * sampleSize(shape));
  const scaleY = height / outHeight;
  const scaleX = width / outWidth;
  for (let plane = 0; plane < dataset.count * channels; plane++) {
    const source = plane * height * width;
    const target = plane * outHeight * outWidth;
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        let value: number;
        if (mode === "nearest") {
          const sy = Math.min(height - 1, Math.floor((y + 0.5) * scaleY));
          const sx = Math.min(width - 1, Math.floor((x + 0.5) * scaleX));
          value = dataset.images[source + sy * width + sx]!;
        } else {
          const fy = Math.min(height - 1, Math.max(0, (y + 0.5) * scaleY - 0.5));
          const fx = Math.min(width - 1, Math.max(0, (x + 0.5) * scaleX - 0.5));
          const y0 = Math.floor(fy);
          const x0 = Math.floor(fx);
          const y1 = Math.min(height - 1, y0 + 1);
          const x1 = Math.min(width - 1, x0 + 1);
          const wy = fy - y0;
          const wx = fx - x0;
          const at = (yy: number, xx: number) => dataset.images[source + yy * width + xx]!;
          value =
            (1 - wy) * ((1 - wx) * at(y0, x0) + wx * at(y0, x1)) +
            wy * ((1 - wx) * at(y1, x0) + wx * at(y1, x1));
        }
        images[target + y * outWidth + x] = value;
      }
    }
  }
  return { ...dataset, images, shape };
}
