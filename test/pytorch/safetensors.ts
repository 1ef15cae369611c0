import { readFileSync, writeFileSync } from "node:fs";
import { decodeSafetensors, encodeSafetensors } from "../../src/runtime/safetensors.js";

/**
 * What the PyTorch tests hand to the generated Python and read back from it, as
 * safetensors files: netc's own reader and writer (src/runtime/safetensors.ts), keyed by
 * tensor name.
 */

export type TensorMap = ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>;

export function writeSafetensors(
  path: string,
  tensors: TensorMap,
  metadata: Record<string, string> = {},
): void {
  const list = [...tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data }));
  writeFileSync(path, encodeSafetensors(list, metadata));
}

export function readSafetensors(path: string): {
  tensors: Map<string, { shape: readonly number[]; data: Float32Array }>;
  metadata: Readonly<Record<string, string>> | null;
} {
  const { tensors, metadata } = decodeSafetensors(readFileSync(path), path);
  return {
    tensors: new Map(tensors.map((t) => [t.name, { shape: t.shape, data: t.data }])),
    metadata,
  };
}
