/**
 * The in-memory dataset every loader returns and every training script consumes.
 * Images are float32, channels-first ([N, C, H, W] flattened), values in [0, 1] as loaded.
 */
export type Shape3 = [channels: number, height: number, width: number];

export interface Dataset {
  readonly name: string;
  /** count · C · H · W values, channels-first. */
  readonly images: Float32Array;
  /** count class indices, each < classes. */
  readonly labels: Uint8Array | Int32Array;
  readonly count: number;
  readonly shape: Shape3;
  readonly classes: number;
}

/** What a training script trains, validates and tests on. */
export interface DataSplits {
  readonly train: Dataset;
  /** Absent when the validation fraction is 0. */
  readonly validation: Dataset | null;
  readonly test: Dataset;
}

export function sampleSize(shape: Shape3): number {
  return shape[0] * shape[1] * shape[2];
}

/** A new dataset holding the given samples (copied), in the given order. */
export function selectSamples(
  dataset: Dataset,
  indices: ArrayLike<number>,
  name = dataset.name,
): Dataset {
  const size = sampleSize(dataset.shape);
  const images = new Float32Array(indices.length * size);
  const labels = new (dataset.labels instanceof Int32Array ? Int32Array : Uint8Array)(
    indices.length,
  );
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i]!;
    images.set(dataset.images.subarray(source * size, (source + 1) * size), i * size);
    labels[i] = dataset.labels[source]!;
  }
  return {
    name,
    images,
    labels,
    count: indices.length,
    shape: [...dataset.shape],
    classes: dataset.classes,
  };
}

/** Samples [start, end) as a view (no copy). */
export function sliceSamples(
  dataset: Dataset,
  start: number,
  end: number,
  name = dataset.name,
): Dataset {
  const size = sampleSize(dataset.shape);
  const from = Math.max(0, Math.min(start, dataset.count));
  const to = Math.max(from, Math.min(end, dataset.count));
  return {
    name,
    images: dataset.images.subarray(from * size, to * size),
    labels: dataset.labels.subarray(from, to),
    count: to - from,
    shape: [...dataset.shape],
    classes: dataset.classes,
  };
}

/**
 * Splits off a validation set: the last round(fraction · count) samples of the (already
 * shuffled) training part. Independent of the training seed, so runs with different seeds
 * are validated on the same samples.
 */
export function splitValidation(
  train: Dataset,
  fraction: number,
): { train: Dataset; validation: Dataset | null } {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new RangeError(`validation fraction must be in [0, 1), got ${fraction}`);
  }
  const validationCount = Math.round(train.count * fraction);
  if (validationCount === 0) return { train, validation: null };
  const trainCount = train.count - validationCount;
  return {
    train: sliceSamples(train, 0, trainCount, train.name),
    validation: sliceSamples(train, trainCount, train.count, `${train.name} (validation)`),
  };
}

/** The first `limit` training samples (the --limit flag); the dataset itself when limit is absent or larger. */
export function limitSamples(dataset: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined || limit >= dataset.count) return dataset;
  return sliceSamples(dataset, 0, limit);
}

/** Samples per class, e.g. for reporting and for checking loaders. */
export function classCounts(dataset: Dataset): number[] {
  const counts = new Array<number>(dataset.classes).fill(0);
  for (let i = 0; i < dataset.count; i++) counts[dataset.labels[i]!]! += 1;
  return counts;
}
