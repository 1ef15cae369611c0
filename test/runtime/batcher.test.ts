import { describe, expect, it } from "vitest";
import { Batcher, batchesPerEpoch } from "../../src/runtime/batcher.js";
import type { Dataset } from "../../src/runtime/dataset.js";

/** 10 samples of [1, 1, 2]: sample i holds (i, i + 0.5), label i. */
const data: Dataset = {
  name: "ten",
  images: Float32Array.from({ length: 20 }, (_, k) => Math.floor(k / 2) + (k % 2) * 0.5),
  labels: Uint8Array.from({ length: 10 }, (_, i) => i),
  count: 10,
  shape: [1, 1, 2],
  classes: 10,
};

describe("Batcher", () => {
  it("has (n − 1) // m + 1 batches, the last one smaller", () => {
    expect(batchesPerEpoch(10, 4)).toBe(3);
    expect(batchesPerEpoch(8, 4)).toBe(2);
    expect(batchesPerEpoch(60000, 64)).toBe(938);
    expect(batchesPerEpoch(0, 64)).toBe(0);
    const batcher = new Batcher(data, { batchSize: 4, seed: 1, shuffle: false });
    batcher.beginEpoch(0);
    expect([batcher.load(0), batcher.load(1), batcher.load(2)]).toEqual([4, 4, 2]);
    expect(Array.from(batcher.labels.subarray(0, 2))).toEqual([8, 9]);
    expect(Array.from(batcher.images.subarray(0, 4))).toEqual([8, 8.5, 9, 9.5]);
  });

  it("visits every sample once per epoch in a seeded order that changes per epoch", () => {
    const batcher = new Batcher(data, { batchSize: 3, seed: 42 });
    const epochLabels = (epoch: number) => {
      batcher.beginEpoch(epoch);
      const seen: number[] = [];
      for (let b = 0; b < batcher.batchesPerEpoch; b++) {
        const count = batcher.load(b);
        for (let i = 0; i < count; i++) {
          expect(batcher.images[2 * i]).toBe(batcher.labels[i]); // image travels with its label
          seen.push(batcher.labels[i]!);
        }
      }
      return seen;
    };
    const first = epochLabels(0);
    const second = epochLabels(1);
    expect([...first].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second).not.toEqual(first);
    const other = new Batcher(data, { batchSize: 5, seed: 42 });
    other.beginEpoch(1);
    expect(Array.from(other.currentOrder)).toEqual(second); // the order depends only on (seed, epoch)
  });

  it("reuses its buffers and resumes augmentation from saved state", () => {
    const options = { batchSize: 4, seed: 7, augment: { noise: 1 } };
    const a = new Batcher(data, options);
    const buffer = a.images;
    a.beginEpoch(0);
    a.load(0);
    const state = a.saveState();
    a.load(1);
    const expected = Array.from(a.images);
    const b = new Batcher(data, options);
    b.restoreState(JSON.parse(JSON.stringify(state)));
    b.beginEpoch(0);
    b.load(1);
    expect(Array.from(b.images)).toEqual(expected);
    expect(a.images).toBe(buffer);
  });
});
