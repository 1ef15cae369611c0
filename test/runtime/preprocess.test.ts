import { describe, expect, it } from "vitest";
import { Augmenter } from "../../src/runtime/augment.js";
import type { Dataset } from "../../src/runtime/dataset.js";
import {
  channelStats,
  normalize,
  pad,
  resize,
  scaleRange,
  zeroCentre,
} from "../../src/runtime/preprocess.js";
import { Rng } from "../../src/runtime/rng.js";

function dataset(values: number[], shape: [number, number, number], count = 1): Dataset {
  return {
    name: "t",
    images: Float32Array.from(values),
    labels: new Uint8Array(count),
    count,
    shape,
    classes: 10,
  };
}

describe("preprocessing", () => {
  it("computes per-channel statistics and normalizes / zero-centres with them", () => {
    // 2 samples of [2 channels, 1×2]: channel 0 values 0,1,2,3 ; channel 1 values 10,10,10,10
    const data = dataset([0, 1, 10, 10, 2, 3, 10, 10], [2, 1, 2], 2);
    const stats = channelStats(data);
    expect(stats.mean).toEqual([1.5, 10]);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(stats.std[1]).toBe(0);
    normalize(data, [1.5, 10], [0.5, 2]);
    expect(Array.from(data.images)).toEqual([-3, -1, 0, 0, 1, 3, 0, 0]);
    const centred = dataset([0, 1, 10, 10, 2, 3, 10, 10], [2, 1, 2], 2);
    expect(zeroCentre(centred)).toEqual([1.5, 10]);
    expect(Array.from(centred.images)).toEqual([-1.5, -0.5, 0, 0, 0.5, 1.5, 0, 0]);
  });

  it("scales [0, 1] to another range", () => {
    const data = dataset([0, 0.5, 1], [1, 1, 3]);
    scaleRange(data, -1, 1);
    expect(Array.from(data.images)).toEqual([-1, 0, 1]);
  });

  it("pads with a fill value (28×28 → 32×32 style)", () => {
    const padded = pad(
      dataset([1, 2, 3, 4], [1, 2, 2]),
      { top: 1, bottom: 0, left: 0, right: 2 },
      -1,
    );
    expect(padded.shape).toEqual([1, 3, 4]);
    expect(Array.from(padded.images)).toEqual([-1, -1, -1, -1, 1, 2, -1, -1, 3, 4, -1, -1]);
    expect(pad(dataset(new Array(28 * 28).fill(1), [1, 28, 28]), 2).shape).toEqual([1, 32, 32]);
  });

  it("resizes with half-pixel bilinear and nearest sampling", () => {
    const image = dataset([0, 1, 2, 3], [1, 2, 2]);
    expect(Array.from(resize(image, 4, 4, "bilinear").images)).toEqual([
      0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3,
    ]);
    expect(Array.from(resize(image, 4, 4, "nearest").images)).toEqual([
      0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3,
    ]);
    const big = dataset(
      Array.from({ length: 16 }, (_, i) => i),
      [1, 4, 4],
    );
    expect(Array.from(resize(big, 2, 2, "nearest").images)).toEqual([5, 7, 13, 15]);
    expect(Array.from(resize(big, 2, 2, "bilinear").images)).toEqual([2.5, 4.5, 10.5, 12.5]);
  });
});

describe("augmentation", () => {
  const shape: [number, number, number] = [2, 3, 4];
  const sample = Array.from({ length: 24 }, (_, i) => i + 1);

  it("crops with padding exactly as pad-then-crop, using the generator's draws", () => {
    const rng = Rng.fromSeed(3);
    const replay = Rng.fromState(rng.getState());
    const images = Float32Array.from([...sample, ...sample]);
    new Augmenter(shape, { cropPadding: 2, cropFill: [-1, -2] }).apply(images, 2, rng);
    for (let n = 0; n < 2; n++) {
      const dy = replay.intBetween(-2, 2);
      const dx = replay.intBetween(-2, 2);
      const expected: number[] = [];
      for (let c = 0; c < 2; c++)
        for (let y = 0; y < 3; y++)
          for (let x = 0; x < 4; x++) {
            const sy = y + dy;
            const sx = x + dx;
            expected.push(
              sy >= 0 && sy < 3 && sx >= 0 && sx < 4
                ? sample[c * 12 + sy * 4 + sx]!
                : c === 0
                  ? -1
                  : -2,
            );
          }
      expect(Array.from(images.subarray(n * 24, (n + 1) * 24))).toEqual(expected);
    }
  });

  it("flips rows when the coin says so, and is deterministic from the seed", () => {
    const rng = Rng.fromSeed(5);
    const replay = Rng.fromState(rng.getState());
    const images = Float32Array.from([...sample, ...sample, ...sample, ...sample]);
    new Augmenter(shape, { horizontalFlip: true }).apply(images, 4, rng);
    const flipped = sample.map((_, i) => sample[i - (i % 4) + 3 - (i % 4)]!);
    for (let n = 0; n < 4; n++) {
      const expected = replay.bernoulli(0.5) ? flipped : sample;
      expect(Array.from(images.subarray(n * 24, (n + 1) * 24))).toEqual(expected);
    }
    const again = Float32Array.from([...sample, ...sample, ...sample, ...sample]);
    new Augmenter(shape, { horizontalFlip: true, noise: 0.1, cropPadding: 1 }).apply(
      again,
      4,
      Rng.fromSeed(9),
    );
    const twice = Float32Array.from([...sample, ...sample, ...sample, ...sample]);
    new Augmenter(shape, { horizontalFlip: true, noise: 0.1, cropPadding: 1 }).apply(
      twice,
      4,
      Rng.fromSeed(9),
    );
    expect(Array.from(twice)).toEqual(Array.from(again));
  });

  it("adds gaussian noise of the given standard deviation", () => {
    const replay = Rng.fromSeed(8);
    const images = new Float32Array(24);
    new Augmenter(shape, { noise: 0.5 }).apply(images, 1, Rng.fromSeed(8));
    expect(Array.from(images)).toEqual(
      Array.from({ length: 24 }, () => Math.fround(0.5 * replay.normal())),
    );
  });
});
