/**
 * Mini-batches for one dataset, copied into buffers allocated once (no allocation per step):
 * the loops backend trains straight from `images` / `labels`.
 *
 * An epoch has (n − 1) // m + 1 batches (seed 002); the last one may be smaller, and `load`
 * returns its real size. The order of epoch e is a Fisher–Yates shuffle from
 * Rng.forStream(seed, e), so it depends only on (seed, e): resuming at any epoch or step needs
 * no saved permutation. Augmentation draws from its own generator, whose state `saveState`
 * returns for the checkpoint.
 */
import { type AugmentOptions, Augmenter, isAugmenting } from "./augment.js";
import { type Dataset, sampleSize } from "./dataset.js";
import { Rng, type RngState } from "./rng.js";

export interface BatcherOptions {
  readonly batchSize: number;
  /** The training seed. */
  readonly seed: number;
  /** Reshuffle every epoch (default true); false keeps dataset order (evaluation). */
  readonly shuffle?: boolean;
  readonly augment?: AugmentOptions;
}

export interface BatcherState {
  readonly augmentRng: RngState;
}

/** Stream number of the augmentation generator, apart from the epoch streams 0, 1, 2, … */
const AUGMENT_STREAM = -1;

export function batchesPerEpoch(count: number, batchSize: number): number {
  return count === 0 ? 0 : Math.floor((count - 1) / batchSize) + 1;
}

export class Batcher {
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  /** batchSize · C · H · W values; sample i of the current batch starts at i · C · H · W. */
  readonly images: Float32Array;
  /** batchSize labels; entries past the current batch's size are stale. */
  readonly labels: Int32Array;
  private readonly order: Int32Array;
  private readonly sampleSize: number;
  private readonly augmenter: Augmenter | null;
  private augmentRng: Rng;

  constructor(
    readonly dataset: Dataset,
    private readonly options: BatcherOptions,
  ) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new RangeError(`batch size must be a positive whole number, got ${options.batchSize}`);
    }
    this.batchSize = options.batchSize;
    this.batchesPerEpoch = batchesPerEpoch(dataset.count, options.batchSize);
    this.sampleSize = sampleSize(dataset.shape);
    this.images = new Float32Array(options.batchSize * this.sampleSize);
    this.labels = new Int32Array(options.batchSize);
    this.order = new Int32Array(dataset.count);
    for (let i = 0; i < dataset.count; i++) this.order[i] = i;
    this.augmenter = isAugmenting(options.augment)
      ? new Augmenter(dataset.shape, options.augment!)
      : null;
    this.augmentRng = Rng.forStream(options.seed, AUGMENT_STREAM);
  }

  /** Sets the sample order of epoch `epoch` (0-based). Call before loading its batches. */
  beginEpoch(epoch: number): void {
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    if (this.options.shuffle !== false) Rng.forStream(this.options.seed, epoch).shuffle(this.order);
  }

  /** Copies batch `index` of the current epoch into images/labels (augmented); returns its size. */
  load(index: number): number {
    const start = index * this.batchSize;
    const count = Math.max(0, Math.min(this.batchSize, this.dataset.count - start));
    const size = this.sampleSize;
    for (let i = 0; i < count; i++) {
      const sample = this.order[start + i]!;
      this.images.set(this.dataset.images.subarray(sample * size, (sample + 1) * size), i * size);
      this.labels[i] = this.dataset.labels[sample]!;
    }
    this.augmenter?.apply(this.images, count, this.augmentRng);
    return count;
  }

  /** The sample indices of the current epoch's order (read-only view). */
  get currentOrder(): Readonly<Int32Array> {
    return this.order;
  }

  saveState(): BatcherState {
    return { augmentRng: this.augmentRng.getState() };
  }

  restoreState(state: BatcherState): void {
    this.augmentRng = Rng.fromState(state.augmentRng);
  }
}
