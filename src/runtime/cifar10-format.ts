/**
 * Parsing of CIFAR-10 binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin).
 * Each record is 1 label byte (0…9) followed by 3072 pixel bytes: the 1024 red values of the
 * 32×32 image row by row, then the 1024 green, then the 1024 blue — already channels-first.
 */
import { DataError } from "./errors.js";

export const CIFAR10_RECORD_BYTES = 1 + 3 * 32 * 32;
export const CIFAR10_CLASSES = 10;
export const CIFAR10_CLASS_NAMES = [
  "airplane",
  "automobile",
  "bird",
  "cat",
  "deer",
  "dog",
  "frog",
  "horse",
  "ship",
  "truck",
] as const;

export interface CifarBatch {
  readonly count: number;
  /** count · 3 · 32 · 32 values in [0, 1]. */
  readonly images: Float32Array;
  readonly labels: Uint8Array;
}

export function parseCifar10Batch(bytes: Uint8Array, file: string): CifarBatch {
  if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    const whole = Math.floor(bytes.length / CIFAR10_RECORD_BYTES);
    throw new DataError(
      `${file}: size ${bytes.length} bytes is not a whole number of CIFAR-10 records of ${CIFAR10_RECORD_BYTES} bytes ` +
        `(1 label + 3072 pixels): ${whole} records and ${bytes.length - whole * CIFAR10_RECORD_BYTES} bytes left over`,
    );
  }
  const count = bytes.length / CIFAR10_RECORD_BYTES;
  const images = new Float32Array(count * 3072);
  const labels = new Uint8Array(count);
  for (let record = 0; record < count; record++) {
    const base = record * CIFAR10_RECORD_BYTES;
    const label = bytes[base]!;
    if (label >= CIFAR10_CLASSES) {
      throw new DataError(
        `${file}: record ${record} has label ${label}, but CIFAR-10 labels are 0…9`,
      );
    }
    labels[record] = label;
    const target = record * 3072;
    for (let i = 0; i < 3072; i++) images[target + i] = bytes[base + 1 + i]! / 255;
  }
  return { count, images, labels };
}

/** Builds a CIFAR-10 batch file from labels and channels-first pixel bytes (for tests). */
export function encodeCifar10Batch(labels: Uint8Array, pixels: Uint8Array): Uint8Array {
  const out = new Uint8Array(labels.length * CIFAR10_RECORD_BYTES);
  for (let record = 0; record < labels.length; record++) {
    out[record * CIFAR10_RECORD_BYTES] = labels[record]!;
    out.set(pixels.subarray(record * 3072, (record + 1) * 3072), record * CIFAR10_RECORD_BYTES + 1);
  }
  return out;
}
