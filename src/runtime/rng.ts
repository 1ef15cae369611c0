/**
 * Seeded randomness for training: shuffling, augmentation, initialisation, dropout.
 *
 * Built on pure-rand's xoroshiro128+ (the generator fast-check uses). Everything is a pure
 * function of the seed, and the whole state (the generator's four words plus the cached
 * second Box–Muller value) can be saved in a checkpoint and restored, so a resumed run
 * continues the very same random stream.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

/** Serialisable state of an Rng: plain JSON, stored in checkpoints. */
export interface RngState {
  readonly algorithm: "xoroshiro128plus";
  readonly words: readonly number[];
  /** The second value of the last Box–Muller pair, not yet returned (null if none). */
  readonly spareNormal: number | null;
}

export class Rng {
  private spareNormal: number | null = null;

  private constructor(private readonly generator: JumpableRandomGenerator) {}

  /**
   * A generator from a 32-bit integer seed (other numbers are truncated to 32 bits).
   * The four state words are a splitmix-style hash of the seed: pure-rand's own
   * xoroshiro128plus(seed) starts from the low-entropy state (−1, ~seed, seed, 0), whose first
   * outputs are far from uniform (seed 42 starts with 0.9999993…).
   */
  static fromSeed(seed: number): Rng {
    const words = [0, 1, 2, 3].map((i) => mix32((seed | 0) + Math.imul(i + 1, 0x9e3779b9)));
    if (!words.some((word) => word !== 0)) words[0] = 1; // the all-zero state is a fixed point
    return new Rng(xoroshiro128plusFromState(words));
  }

  /**
   * An independent generator for a sub-stream (e.g. the shuffle of epoch 7), derived from a seed
   * and a stream number by hashing, so streams do not depend on how much another consumed.
   */
  static forStream(seed: number, stream: number): Rng {
    return Rng.fromSeed(mix32(mix32(seed | 0) ^ (stream | 0)));
  }

  static fromState(state: RngState): Rng {
    if (state.algorithm !== "xoroshiro128plus" || state.words.length !== 4) {
      throw new Error(
        `unsupported random generator state (${state.algorithm}, ${state.words.length} words)`,
      );
    }
    const rng = new Rng(xoroshiro128plusFromState(state.words));
    rng.spareNormal = state.spareNormal;
    return rng;
  }

  getState(): RngState {
    return {
      algorithm: "xoroshiro128plus",
      words: [...this.generator.getState()],
      spareNormal: this.spareNormal,
    };
  }

  /** Uniform in [0, 1), 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Integer uniform in [from, to], both included. */
  intBetween(from: number, to: number): number {
    return uniformInt(this.generator, from, to);
  }

  /** Standard normal (mean 0, std 1) by Box–Muller; the pair's second value is cached. */
  normal(): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return value;
    }
    // 1 − u is in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** true with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.intBetween(0, i);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return items;
  }

  /** A shuffled permutation of 0..n−1. */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return this.shuffle(order);
  }
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
