/**
 * On-the-fly augmentation of one mini-batch, in place, deterministic from the Rng.
 * Per sample and in this order: random crop with padding (an offset in [−pad, pad] on each
 * axis; uncovered pixels get the fill value, i.e. pad-then-crop as torchvision's RandomCrop),
 * horizontal flip with probability 1/2, gaussian noise N(0, noise²) added to every value.
 */
import { type Shape3, sampleSize } from "./dataset.js";
import type { Rng } from "./rng.js";

export interface AugmentOptions {
  /** Random crop: maximum shift in pixels (0 or absent: no crop). */
  readonly cropPadding?: number;
  /** Value for the uncovered border, per channel or one for all. Default 0; after normalisation pass (0 − mean) / std. */
  readonly cropFill?: readonly number[];
  readonly horizontalFlip?: boolean;
  /** Standard deviation of added gaussian noise (0 or absent: none). */
  readonly noise?: number;
}

export function isAugmenting(options: AugmentOptions | undefined): boolean {
  return (
    options !== undefined &&
    ((options.cropPadding ?? 0) > 0 || options.horizontalFlip === true || (options.noise ?? 0) > 0)
  );
}

export class Augmenter {
  /** One sample of scratch space, allocated once. */
  private readonly scratch: Float32Array;
  private readonly fill: number[];

  constructor(
    private readonly shape: Shape3,
    private readonly options: AugmentOptions,
  ) {
    this.scratch = new Float32Array(sampleSize(shape));
    const fill = options.cropFill ?? [0];
    this.fill = fill.length === 1 ? new Array<number>(shape[0]).fill(fill[0]!) : [...fill];
    if (this.fill.length !== shape[0]) {
      throw new RangeError(
        `cropFill has ${fill.length} values, but the data has ${shape[0]} channels`,
      );
    }
  }

  /** Augments the first `count` samples of a channels-first batch buffer in place. */
  apply(images: Float32Array, count: number, rng: Rng): void {
    const size = sampleSize(this.shape);
    const cropPadding = this.options.cropPadding ?? 0;
    const noise = this.options.noise ?? 0;
    for (let n = 0; n < count; n++) {
      const sample = images.subarray(n * size, (n + 1) * size);
      if (cropPadding > 0) {
        const dy = rng.intBetween(-cropPadding, cropPadding);
        const dx = rng.intBetween(-cropPadding, cropPadding);
        this.shift(sample, dy, dx);
      }
      if (this.options.horizontalFlip === true && rng.bernoulli(0.5)) this.flip(sample);
      if (noise > 0) for (let i = 0; i < size; i++) sample[i] = sample[i]! + noise * rng.normal();
    }
  }

  /** out(y, x) = in(y + dy, x + dx), fill outside. */
  private shift(sample: Float32Array, dy: number, dx: number): void {
    if (dy === 0 && dx === 0) return;
    const [channels, height, width] = this.shape;
    this.scratch.set(sample);
    for (let c = 0; c < channels; c++) {
      const plane = c * height * width;
      const fill = this.fill[c]!;
      for (let y = 0; y < height; y++) {
        const sy = y + dy;
        for (let x = 0; x < width; x++) {
          const sx = x + dx;
          sample[plane + y * width + x] =
            sy >= 0 && sy < height && sx >= 0 && sx < width
              ? this.scratch[plane + sy * width + sx]!
              : fill;
        }
      }
    }
  }

  private flip(sample: Float32Array): void {
    const [channels, height, width] = this.shape;
    for (let row = 0; row < channels * height; row++) {
      const base = row * width;
      for (let left = 0, right = width - 1; left < right; left++, right--) {
        const held = sample[base + left]!;
        sample[base + left] = sample[base + right]!;
        sample[base + right] = held;
      }
    }
  }
}
