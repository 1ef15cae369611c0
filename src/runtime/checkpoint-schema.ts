/**
 * Checks of a checkpoint's non-tensor fields, read from an untrusted file: counters, names,
 * optimizer scalars, generator states and extra state. Each takes an `unknown` (a parsed
 * JSON value, or a metadata string) and returns it typed, or throws one CheckpointError
 * line that names the file and the field. The same checks serve both layouts (the
 * safetensors one, whose metadata values are strings, and the legacy `.ckpt` one).
 */
import { CheckpointError } from "./errors.js";
import type { RngState } from "./rng.js";
import { quoted, shown } from "./safetensors.js";

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class FieldReader {
  constructor(readonly file: string) {}

  fail(problem: string): never {
    throw new CheckpointError(`${this.file}: corrupt header: ${problem}`);
  }

  /** A non-empty string of at most `limit` characters (and of `pattern` when given). */
  text(value: unknown, field: string, pattern?: RegExp, limit = 256): string {
    if (value === undefined) return this.fail(`${field} is missing`);
    if (typeof value !== "string") return this.fail(`${field} is not a string`);
    if (value === "" || value.length > limit || (pattern !== undefined && !pattern.test(value))) {
      return this.fail(`${field} ${shown(value)} is not a valid ${field}`);
    }
    return value;
  }

  /** A whole number 0 ≤ n ≤ 2^53 − 1, given as a number (legacy) or a decimal string (metadata). */
  whole(value: unknown, field: string): number {
    if (value === undefined) return this.fail(`${field} is missing`);
    const number =
      typeof value === "string" && /^(0|[1-9][0-9]{0,15})$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 0) {
      return this.fail(
        `${field} must be a whole number from 0, got ${typeof value === "string" ? quoted(value) : String(value)}`,
      );
    }
    return number;
  }

  /** A JSON value stored in a metadata string. */
  json(value: unknown, field: string): unknown {
    if (value === undefined) return this.fail(`${field} is missing`);
    if (typeof value !== "string") return this.fail(`${field} is not a string`);
    try {
      return JSON.parse(value);
    } catch {
      return this.fail(`${field} is not valid JSON`);
    }
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (value === undefined) return this.fail(`${field} is missing`);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return this.fail(`${field} is not an object`);
    }
    return value as Record<string, unknown>;
  }

  /** Optimizer scalars: every value a finite number; the counters both backends write are whole. */
  scalars(value: unknown): Record<string, number> {
    const entries = Object.entries(this.object(value, "optimizer_scalars"));
    for (const [key, item] of entries) {
      if (typeof item !== "number" || !Number.isFinite(item)) {
        this.fail(`optimizer scalar ${shown(key)} is not a finite number`);
      }
    }
    const result = Object.fromEntries(entries) as Record<string, number>;
    if (result.stepCount !== undefined) this.whole(result.stepCount, "optimizer scalar stepCount");
    if (result.dropoutRandomState !== undefined)
      this.word(result.dropoutRandomState, "dropoutRandomState");
    return result;
  }

  /** Named generator states, each exactly what Rng.getState() returns. */
  rngStates(value: unknown): Record<string, RngState> {
    const entries = Object.entries(this.object(value, "rng"));
    for (const [name, state] of entries) {
      const field = `rng state ${shown(name)}`;
      const record = this.object(state, field);
      const { algorithm, words, spareNormal } = record;
      if (algorithm !== "xoroshiro128plus") this.fail(`${field} is not a xoroshiro128plus state`);
      if (!Array.isArray(words) || words.length !== 4) this.fail(`${field} needs 4 words`);
      (words as unknown[]).forEach((word) => this.word(word, field));
      if (
        spareNormal !== null &&
        (typeof spareNormal !== "number" || !Number.isFinite(spareNormal))
      ) {
        this.fail(`${field} has a spare normal that is neither null nor a finite number`);
      }
      if (Object.keys(record).length !== 3) this.fail(`${field} has unknown fields`);
    }
    return Object.fromEntries(
      entries.map(([name, state]) => {
        const { words, spareNormal } = state as RngState;
        return [name, { algorithm: "xoroshiro128plus", words: [...words], spareNormal }];
      }),
    );
  }

  /**
   * Extra state: any JSON object; the keys both backends write are checked by type
   * (bestMetric a finite number or null; badEpochs, steps and calls whole numbers).
   */
  extra(value: unknown): Record<string, JsonValue> {
    const entries = Object.entries(this.object(value, "extra"));
    const result = Object.fromEntries(entries) as Record<string, JsonValue>;
    const { bestMetric } = result;
    if (bestMetric !== undefined && bestMetric !== null) {
      if (typeof bestMetric !== "number" || !Number.isFinite(bestMetric)) {
        this.fail("extra bestMetric is neither null nor a finite number");
      }
    }
    for (const key of ["badEpochs", "steps", "calls"]) {
      if (result[key] !== undefined) this.whole(result[key], `extra ${key}`);
    }
    return result;
  }

  /** A list of distinct tensor names. */
  names(value: unknown, field: string): string[] {
    if (!Array.isArray(value) || !value.every((name) => typeof name === "string")) {
      return this.fail(`${field} is not a list of names`);
    }
    return value as string[];
  }

  /** A 32-bit word, signed or unsigned. */
  private word(value: unknown, field: string): number {
    if (
      typeof value !== "number" ||
      !Number.isInteger(value) ||
      value < -(2 ** 31) ||
      value >= 2 ** 32
    ) {
      return this.fail(`${field} has a value that is not a 32-bit whole number`);
    }
    return value;
  }
}
