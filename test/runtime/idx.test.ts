import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import {
  DEBIAN_FASHION_MNIST_DIRECTORY,
  loadIdxDirectory,
  loadIdxPair,
} from "../../src/runtime/data-files.js";
import { classCounts } from "../../src/runtime/dataset.js";
import { DataError } from "../../src/runtime/errors.js";
import { encodeIdxImages, encodeIdxLabels } from "../../src/runtime/idx-format.js";

const directory = mkdtempSync(join(tmpdir(), "netc-idx-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
}

/** 3 images of 2×3 with pixel values 0, 51, 102, …, and labels 7, 0, 9. */
const pixels = Uint8Array.from({ length: 3 * 6 }, (_, i) => (i * 51) % 256);
const labels = Uint8Array.from([7, 0, 9]);

function expectDataError(action: () => unknown, message: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DataError);
  expect((caught as Error).message).toBe(message);
}

describe("IDX files", () => {
  it("round-trips images and labels, plain and gzipped", () => {
    const plain = loadIdxPair(
      write("a-images", encodeIdxImages(pixels, 3, 2, 3)),
      write("a-labels", encodeIdxLabels(labels)),
      "a",
    );
    const zipped = loadIdxPair(
      write("b-images.gz", gzipSync(encodeIdxImages(pixels, 3, 2, 3))),
      write("b-labels.gz", gzipSync(encodeIdxLabels(labels))),
      "b",
    );
    for (const dataset of [plain, zipped]) {
      expect(dataset.count).toBe(3);
      expect(dataset.shape).toEqual([1, 2, 3]);
      expect(Array.from(dataset.labels)).toEqual([7, 0, 9]);
      expect(Array.from(dataset.images)).toEqual(Array.from(pixels, (p) => Math.fround(p / 255)));
    }
  });

  it("names the file and the problem in one line for each malformed file", () => {
    const images = write("ok-images", encodeIdxImages(pixels, 3, 2, 3));
    const labelsFile = write("ok-labels", encodeIdxLabels(labels));

    const wrongMagic = write("labels-as-images", encodeIdxLabels(labels));
    expectDataError(
      () => loadIdxPair(wrongMagic, labelsFile, "x"),
      `${wrongMagic}: wrong magic number 2049 (0x00000801), expected 2051 (0x00000803) for IDX images (this is a label file)`,
    );
    const junk = write(
      "junk",
      Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    );
    expectDataError(
      () => loadIdxPair(junk, labelsFile, "x"),
      `${junk}: wrong magic number 1347093252 (0x504b0304), expected 2051 (0x00000803) for IDX images`,
    );
    const truncated = write("truncated", encodeIdxImages(pixels, 3, 2, 3).subarray(0, 16 + 17));
    expectDataError(
      () => loadIdxPair(truncated, labelsFile, "x"),
      `${truncated}: truncated: the header declares 3 images of 2×3 = 18 data bytes, but only 17 follow`,
    );
    const short = write("short", Uint8Array.from([0, 0, 8, 3, 0, 0]));
    expectDataError(
      () => loadIdxPair(short, labelsFile, "x"),
      `${short}: file is 6 bytes, too short for an IDX images header (16 bytes)`,
    );
    const extra = write("extra", Uint8Array.from([...encodeIdxImages(pixels, 3, 2, 3), 1, 2]));
    expectDataError(
      () => loadIdxPair(extra, labelsFile, "x"),
      `${extra}: 2 unexpected bytes after the 3 images of 2×3 = 18 data bytes the header declares`,
    );
    const empty = write("empty", encodeIdxImages(new Uint8Array(0), 3, 0, 3));
    expectDataError(() => loadIdxPair(empty, labelsFile, "x"), `${empty}: image size 0×3 is empty`);
    const badLabel = write("bad-label", encodeIdxLabels(Uint8Array.from([7, 12, 9])));
    expectDataError(
      () => loadIdxPair(images, badLabel, "x"),
      `${badLabel}: label 12 at index 1 is out of range 0…9`,
    );
    const twoLabels = write("two-labels", encodeIdxLabels(Uint8Array.from([7, 0])));
    expectDataError(
      () => loadIdxPair(images, twoLabels, "x"),
      `${images} has 3 images but ${twoLabels} has 2 labels; they must be the same`,
    );
    const missing = join(directory, "nope");
    expectDataError(() => loadIdxPair(missing, labelsFile, "x"), `${missing}: file not found`);
    const notGzip = write("not-gzip.gz", encodeIdxLabels(labels));
    expectDataError(
      () => loadIdxPair(images, notGzip, "x"),
      `${notGzip}: not a valid gzip file (incorrect header check)`,
    );
  });

  it("loads an MNIST-layout directory and reports a missing file", () => {
    const dir = mkdtempSync(join(directory, "layout-"));
    writeFileSync(
      join(dir, "train-images-idx3-ubyte.gz"),
      gzipSync(encodeIdxImages(pixels, 3, 2, 3)),
    );
    writeFileSync(join(dir, "train-labels-idx1-ubyte"), encodeIdxLabels(labels));
    writeFileSync(
      join(dir, "t10k-images-idx3-ubyte"),
      encodeIdxImages(pixels.subarray(0, 6), 1, 2, 3),
    );
    expectDataError(
      () => loadIdxDirectory(dir),
      `${dir}: no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz (the test labels of an MNIST-format directory)`,
    );
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), encodeIdxLabels(Uint8Array.from([4])));
    const splits = loadIdxDirectory(dir, { validation: 0.34 });
    expect(splits.train.count).toBe(2);
    expect(Array.from(splits.validation!.labels)).toEqual([9]);
    expect(Array.from(splits.test.labels)).toEqual([4]);
  });

  it.skipIf(!existsSync(DEBIAN_FASHION_MNIST_DIRECTORY))(
    "reads Debian's Fashion-MNIST (60,000 + 10,000, 6,000 / 1,000 per class)",
    () => {
      const splits = loadIdxDirectory(DEBIAN_FASHION_MNIST_DIRECTORY);
      expect([splits.train.count, splits.test.count]).toEqual([60_000, 10_000]);
      expect(splits.train.shape).toEqual([1, 28, 28]);
      expect(classCounts(splits.train)).toEqual(new Array(10).fill(6000));
      expect(classCounts(splits.test)).toEqual(new Array(10).fill(1000));
    },
  );
});
