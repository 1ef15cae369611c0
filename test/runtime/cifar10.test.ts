import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeCifar10Batch } from "../../src/runtime/cifar10-format.js";
import { loadCifar10Directory, loadTrainingData } from "../../src/runtime/data-files.js";
import { DataError } from "../../src/runtime/errors.js";

const root = mkdtempSync(join(tmpdir(), "netc-cifar-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `count` records with labels start, start+1, … (mod 10) and pixel i of record r = (r + i) mod 256. */
function batch(count: number, start: number): Uint8Array {
  const labels = Uint8Array.from({ length: count }, (_, r) => (start + r) % 10);
  const pixels = Uint8Array.from(
    { length: count * 3072 },
    (_, i) => (Math.floor(i / 3072) + (i % 3072)) % 256,
  );
  return encodeCifar10Batch(labels, pixels);
}

function makeDirectory(name: string): string {
  const dir = join(root, name);
  const nested = join(dir, "cifar-10-batches-bin");
  mkdirSync(nested, { recursive: true });
  for (let b = 1; b <= 5; b++)
    writeFileSync(join(nested, `data_batch_${b}.bin`), batch(2, 2 * (b - 1)));
  writeFileSync(join(nested, "test_batch.bin"), batch(3, 5));
  return dir;
}

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return (error as Error).message;
  }
  throw new Error("expected a DataError");
}

describe("CIFAR-10 binary batches", () => {
  it("reads the five training batches in order and the test batch (also from the parent directory)", () => {
    const dir = makeDirectory("good");
    const splits = loadCifar10Directory(dir, { validation: 0.2 });
    expect(splits.train.shape).toEqual([3, 32, 32]);
    expect(splits.train.count).toBe(8);
    expect(Array.from(splits.train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(splits.validation!.labels)).toEqual([8, 9]);
    expect(Array.from(splits.test.labels)).toEqual([5, 6, 7]);
    // record 1 of test_batch: pixel i (channels-first, red plane first) = (1 + i) mod 256, scaled by 1/255
    const second = splits.test.images.subarray(3072, 2 * 3072);
    expect([second[0], second[1024], second[3071]]).toEqual(
      [1 / 255, (1025 % 256) / 255, (3072 % 256) / 255].map(Math.fround),
    );
  });

  it("reports a size that is not a whole number of records, a bad label, and missing batches", () => {
    const dir = makeDirectory("bad");
    const nested = join(dir, "cifar-10-batches-bin");
    const third = join(nested, "data_batch_3.bin");
    writeFileSync(third, batch(2, 0).subarray(0, 6000));
    expect(errorOf(() => loadCifar10Directory(dir))).toBe(
      `${third}: size 6000 bytes is not a whole number of CIFAR-10 records of 3073 bytes (1 label + 3072 pixels): 1 records and 2927 bytes left over`,
    );
    const bad = batch(2, 0);
    bad[3073] = 10;
    writeFileSync(third, bad);
    expect(errorOf(() => loadCifar10Directory(dir))).toBe(
      `${third}: record 1 has label 10, but CIFAR-10 labels are 0…9`,
    );
    rmSync(third);
    rmSync(join(nested, "test_batch.bin"));
    expect(errorOf(() => loadCifar10Directory(nested))).toBe(
      `${nested}: missing data_batch_3.bin, test_batch.bin. This is CIFAR-10 (60,000 32×32 colour images in 10 classes), which netc does not download: ` +
        `get its binary version, https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz, and unpack it into ${dir} ` +
        `(\`tar -xzf cifar-10-binary.tar.gz -C ${dir}\` creates ${nested}), or point --data at a folder holding data_batch_1.bin … data_batch_5.bin and test_batch.bin`,
    );
    expect(errorOf(() => loadTrainingData({ source: "cifar10" }))).toBe(
      "cifar10: no data folder given. This is CIFAR-10 (60,000 32×32 colour images in 10 classes), which netc does not download: " +
        "get its binary version, https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz, and unpack it into data " +
        "(`tar -xzf cifar-10-binary.tar.gz -C data` creates data/cifar-10-batches-bin), or point --data at a folder holding data_batch_1.bin … data_batch_5.bin and test_batch.bin",
    );
  });
});
