import { describe, expect, it } from "vitest";
import { Rng } from "../../src/runtime/rng.js";

describe("Rng", () => {
  it("gives the same stream for the same seed (golden values)", () => {
    const rng = Rng.fromSeed(42);
    expect(rng.uniform()).toBe(0.2725744465111921);
    expect(rng.uniform()).toBe(0.14005348723065558);
    expect(rng.intBetween(0, 9)).toBe(8);
    expect(rng.normal()).toBe(2.3322450468141467);
    expect(rng.normal()).toBe(1.2729856947230318);
    expect(Array.from(Rng.fromSeed(7).permutation(10))).toEqual([1, 5, 8, 2, 9, 6, 7, 3, 4, 0]);
  });

  it("gives different streams for different seeds and streams", () => {
    expect(Rng.fromSeed(1).uniform()).not.toBe(Rng.fromSeed(2).uniform());
    expect(Rng.forStream(5, 0).uniform()).not.toBe(Rng.forStream(5, 1).uniform());
    expect(Rng.forStream(5, 3).uniform()).toBe(Rng.forStream(5, 3).uniform());
  });

  it("continues the same stream after its state is saved as JSON and restored", () => {
    const original = Rng.fromSeed(123);
    for (let i = 0; i < 17; i++) original.uniform();
    original.normal(); // leaves the spare Box–Muller value cached
    const restored = Rng.fromState(JSON.parse(JSON.stringify(original.getState())));
    const expected = [
      original.normal(),
      original.uniform(),
      original.intBetween(-3, 3),
      original.normal(),
    ];
    expect([
      restored.normal(),
      restored.uniform(),
      restored.intBetween(-3, 3),
      restored.normal(),
    ]).toEqual(expected);
  });

  it("keeps integers in range and hits every value", () => {
    const rng = Rng.fromSeed(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const value = rng.intBetween(-2, 3);
      expect(value).toBeGreaterThanOrEqual(-2);
      expect(value).toBeLessThanOrEqual(3);
      seen.add(value);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
  });

  it("draws normals with mean ≈ 0 and variance ≈ 1", () => {
    const rng = Rng.fromSeed(2024);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      sum += x;
      squares += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.01);
  });

  it("shuffles into a permutation with every position equally likely", () => {
    const rng = Rng.fromSeed(11);
    const firstCounts = [0, 0, 0, 0];
    for (let t = 0; t < 8000; t++) {
      const order = rng.shuffle([0, 1, 2, 3]);
      expect([...order].sort()).toEqual([0, 1, 2, 3]);
      firstCounts[order[0]!]! += 1;
    }
    for (const count of firstCounts) expect(Math.abs(count - 2000)).toBeLessThan(150);
  });
});
