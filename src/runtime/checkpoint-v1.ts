/**
 * Reading the legacy checkpoint layout (`.ckpt` format version 1, netc 0.1.0 before
 * safetensors), so that old checkpoints still resume and export. netc no longer writes it.
 *
 *   offset  size  content (integers little-endian)
 *   0       8     magic "NETCCKPT"
 *   8       4     format version (1)
 *   12      4     H: header length in bytes
 *   16      8     P: payload length in bytes (u64)
 *   24      4     CRC-32 of the H + P bytes that follow the 32-byte prefix
 *   28      4     reserved
 *   32      H     UTF-8 JSON: model, netcVersion, modelHash, epoch, step, globalStep, tensor
 *                 tables (name, shape, offset, length) for parameters, buffers and optimizer
 *                 tensors, optimizer name and scalars, rng, extra
 *   32 + H  P     the tensors' float32 values
 *
 * The bytes are untrusted like any checkpoint's: every field is checked before use.
 */
import { crc32 } from "./crc32.js";
import { CheckpointError } from "./errors.js";
import type { RawCheckpoint, RawTensor } from "./checkpoint-format.js";
import {
  MAX_HEADER_BYTES,
  MAX_RANK,
  checkTensorLayout,
  hex32,
  readFloat32,
  shown,
} from "./safetensors.js";

export const LEGACY_MAGIC = "NETCCKPT";
const PREFIX_BYTES = 32;

export function isLegacyCheckpoint(bytes: Uint8Array): boolean {
  return (
    bytes.length >= LEGACY_MAGIC.length &&
    [...LEGACY_MAGIC].every((char, i) => bytes[i] === char.charCodeAt(0))
  );
}

const isWhole = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

export function decodeLegacyCheckpoint(bytes: Uint8Array, file: string): RawCheckpoint {
  const fail = (problem: string): never => {
    throw new CheckpointError(`${file}: ${problem}`);
  };
  if (bytes.length < PREFIX_BYTES) {
    fail(`truncated: ${bytes.length} bytes, shorter than the ${PREFIX_BYTES}-byte prefix`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== 1) {
    fail(`legacy checkpoint format version ${version} is not supported (this netc reads 1 and 2)`);
  }
  const headerLength = view.getUint32(12, true);
  const payloadLength = view.getBigUint64(16, true);
  const expected = BigInt(PREFIX_BYTES + headerLength) + payloadLength;
  if (headerLength > MAX_HEADER_BYTES) {
    fail(
      `corrupt: a header of ${headerLength} bytes is more than the ${MAX_HEADER_BYTES}-byte limit`,
    );
  }
  if (BigInt(bytes.length) < expected) {
    fail(`truncated: the checkpoint declares ${expected} bytes but the file has ${bytes.length}`);
  }
  if (BigInt(bytes.length) > expected) {
    fail(
      `corrupt: ${BigInt(bytes.length) - expected} unexpected bytes after the declared ${expected}`,
    );
  }
  const stored = view.getUint32(24, true);
  const computed = crc32(bytes.subarray(PREFIX_BYTES));
  if (stored !== computed) {
    fail(`corrupt: checksum mismatch (stored 0x${hex32(stored)}, computed 0x${hex32(computed)})`);
  }
  let header: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength),
    );
    header = JSON.parse(text);
  } catch {
    return fail("corrupt header: not UTF-8 JSON");
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    return fail("corrupt header: it is not a JSON object");
  }
  const fields = header as Record<string, unknown>;
  const optimizer = fields.optimizer;
  if (typeof optimizer !== "object" || optimizer === null || Array.isArray(optimizer)) {
    return fail("corrupt header: optimizer is missing or not an object");
  }
  const {
    name: optimizerName,
    tensors: optimizerTensors,
    scalars,
  } = optimizer as Record<string, unknown>;

  const places: (RawTensor & { begin: number; end: number })[] = [];
  const table = (list: unknown, group: RawTensor["group"], field: string) => {
    if (!Array.isArray(list)) return fail(`corrupt header: ${field} is missing or not a list`);
    for (const entry of list as unknown[]) {
      const { name, shape, offset, length } = (entry ?? {}) as Record<string, unknown>;
      if (
        typeof name !== "string" ||
        name === "" ||
        !Array.isArray(shape) ||
        shape.length > MAX_RANK ||
        !shape.every(isWhole) ||
        !isWhole(offset) ||
        !isWhole(length) ||
        4 * length > Number.MAX_SAFE_INTEGER - offset
      ) {
        fail(
          `corrupt header: an entry of ${field} is not {name, shape, offset, length} with whole numbers`,
        );
      }
      const sizes = shape as number[];
      const elements = sizes.reduce((product, size) => product * size, 1);
      if (elements !== length) {
        fail(
          `corrupt header: ${field} entry ${shown(String(name))} has shape [${sizes.join(", ")}] but ${String(length)} values`,
        );
      }
      places.push({
        name: name as string,
        shape: [...sizes],
        group,
        begin: offset as number,
        end: (offset as number) + 4 * (length as number),
        data: new Float32Array(0),
      });
    }
  };
  table(fields.parameters, "parameter", "parameters");
  table(fields.buffers, "buffer", "buffers");
  table(optimizerTensors, "optimizer", "optimizer.tensors");
  const payload = bytes.subarray(PREFIX_BYTES + headerLength);
  checkTensorLayout(places, payload.length, fail);
  return {
    format: "netc-checkpoint",
    fields: {
      model: fields.model,
      netcVersion: fields.netcVersion,
      modelHash: fields.modelHash,
      backend: undefined,
      epoch: fields.epoch,
      step: fields.step,
      globalStep: fields.globalStep,
      optimizer: optimizerName,
      scalars,
      rng: fields.rng,
      extra: fields.extra,
    },
    tensors: places.map(({ name, shape, group, begin, end }) => ({
      name,
      shape,
      group,
      data: readFloat32(payload, begin, end),
    })),
  };
}
