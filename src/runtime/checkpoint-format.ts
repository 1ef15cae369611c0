/**
 * The checkpoint file format (.ckpt), encoded and decoded in memory (no Node APIs).
 *
 *   offset  size  content (integers little-endian)
 *   0       8     magic "NETCCKPT"
 *   8       4     format version (1)
 *   12      4     H: header length in bytes (a multiple of 4; JSON padded with spaces)
 *   16      8     P: payload length in bytes (u64)
 *   24      4     CRC-32 (IEEE) of the H + P bytes that follow the 32-byte prefix
 *   28      4     reserved, 0
 *   32      H     header: UTF-8 JSON (metadata, counters, RNG states, optimizer scalars, and for
 *                 every tensor its name, shape, byte offset into the payload and element count)
 *   32 + H  P     payload: the tensors' float32 values, little-endian, in header order
 *
 * Tensors are channels-first, named as in the IR (parameters, buffers such as batch-norm running
 * statistics, optimizer slots). The model's IR hash in the header lets a script refuse to resume
 * a checkpoint of another model. Encoding is deterministic: same contents, same bytes.
 */
import { crc32 } from "./crc32.js";
import { CheckpointError } from "./errors.js";
import type { RngState } from "./rng.js";

export const CHECKPOINT_MAGIC = "NETCCKPT";
export const CHECKPOINT_VERSION = 1;
const PREFIX_BYTES = 32;

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface Checkpoint {
  /** Model name in the .net file. */
  readonly model: string;
  readonly netcVersion: string;
  /** Hash of the model's IR, computed by the compiler and embedded in the generated code. */
  readonly modelHash: string;
  /** Completed epochs. */
  readonly epoch: number;
  /** Completed steps within epoch `epoch` (0-based epoch index); 0 at an epoch boundary. */
  readonly step: number;
  /** Completed steps over the whole run (for schedules). */
  readonly globalStep: number;
  readonly parameters: readonly NamedTensor[];
  /** Non-trained state, e.g. batch-norm running mean and variance. */
  readonly buffers: readonly NamedTensor[];
  readonly optimizer: {
    readonly name: string;
    readonly tensors: readonly NamedTensor[];
    readonly scalars: Readonly<Record<string, number>>;
  };
  /** Named generator states (e.g. "augment", "dropout"). */
  readonly rng: Readonly<Record<string, RngState>>;
  /** Anything else the script must restore (best validation accuracy, patience counter, …). */
  readonly extra: Readonly<Record<string, JsonValue>>;
}

interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

interface Header {
  format: "netc-checkpoint";
  model: string;
  netcVersion: string;
  modelHash: string;
  epoch: number;
  step: number;
  globalStep: number;
  parameters: TensorEntry[];
  buffers: TensorEntry[];
  optimizer: { name: string; tensors: TensorEntry[]; scalars: Record<string, number> };
  rng: Record<string, RngState>;
  extra: Record<string, JsonValue>;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  let payloadBytes = 0;
  const tensors: NamedTensor[] = [];
  const entries = (list: readonly NamedTensor[]): TensorEntry[] =>
    list.map((tensor) => {
      const elements = tensor.shape.reduce((product, size) => product * size, 1);
      if (elements !== tensor.data.length) {
        throw new RangeError(
          `tensor ${tensor.name}: shape [${tensor.shape}] has ${elements} elements, data has ${tensor.data.length}`,
        );
      }
      const entry = {
        name: tensor.name,
        shape: [...tensor.shape],
        offset: payloadBytes,
        length: tensor.data.length,
      };
      payloadBytes += 4 * tensor.data.length;
      tensors.push(tensor);
      return entry;
    });
  const header: Header = {
    format: "netc-checkpoint",
    model: checkpoint.model,
    netcVersion: checkpoint.netcVersion,
    modelHash: checkpoint.modelHash,
    epoch: checkpoint.epoch,
    step: checkpoint.step,
    globalStep: checkpoint.globalStep,
    parameters: entries(checkpoint.parameters),
    buffers: entries(checkpoint.buffers),
    optimizer: {
      name: checkpoint.optimizer.name,
      tensors: entries(checkpoint.optimizer.tensors),
      scalars: { ...checkpoint.optimizer.scalars },
    },
    rng: { ...checkpoint.rng },
    extra: { ...checkpoint.extra },
  };
  let json = JSON.stringify(header);
  let headerBytes = new TextEncoder().encode(json);
  const padding = (4 - (headerBytes.length % 4)) % 4;
  if (padding > 0) {
    json += " ".repeat(padding);
    headerBytes = new TextEncoder().encode(json);
  }
  const out = new Uint8Array(PREFIX_BYTES + headerBytes.length + payloadBytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i < CHECKPOINT_MAGIC.length; i++) out[i] = CHECKPOINT_MAGIC.charCodeAt(i);
  view.setUint32(8, CHECKPOINT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  view.setBigUint64(16, BigInt(payloadBytes), true);
  out.set(headerBytes, PREFIX_BYTES);
  let at = PREFIX_BYTES + headerBytes.length;
  for (const tensor of tensors) {
    if (LITTLE_ENDIAN_HOST) {
      out.set(
        new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength),
        at,
      );
    } else {
      for (let i = 0; i < tensor.data.length; i++)
        view.setFloat32(at + 4 * i, tensor.data[i]!, true);
    }
    at += tensor.data.byteLength;
  }
  view.setUint32(24, crc32(out.subarray(PREFIX_BYTES)), true);
  return out;
}

const hex = (value: number) => `0x${value.toString(16).padStart(8, "0")}`;

/** Decodes and verifies a checkpoint; `file` names it in error messages. */
export function decodeCheckpoint(bytes: Uint8Array, file: string): Checkpoint {
  const magicMatches =
    bytes.length >= CHECKPOINT_MAGIC.length &&
    [...CHECKPOINT_MAGIC].every((char, i) => bytes[i] === char.charCodeAt(0));
  if (!magicMatches) {
    throw new CheckpointError(
      bytes.length < CHECKPOINT_MAGIC.length
        ? `${file}: truncated: ${bytes.length} bytes is not even a netc checkpoint's magic number`
        : `${file}: not a netc checkpoint (it does not start with "${CHECKPOINT_MAGIC}")`,
    );
  }
  if (bytes.length < PREFIX_BYTES) {
    throw new CheckpointError(
      `${file}: truncated: ${bytes.length} bytes, shorter than the ${PREFIX_BYTES}-byte prefix`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(
      `${file}: checkpoint format version ${version} is not supported (this netc reads version ${CHECKPOINT_VERSION})`,
    );
  }
  const headerLength = view.getUint32(12, true);
  const payloadLength = Number(view.getBigUint64(16, true));
  const expected = PREFIX_BYTES + headerLength + payloadLength;
  if (bytes.length < expected) {
    throw new CheckpointError(
      `${file}: truncated: the checkpoint declares ${expected} bytes but the file has ${bytes.length}`,
    );
  }
  if (bytes.length > expected) {
    throw new CheckpointError(
      `${file}: corrupt: ${bytes.length - expected} unexpected bytes after the declared ${expected}`,
    );
  }
  const stored = view.getUint32(24, true);
  const computed = crc32(bytes.subarray(PREFIX_BYTES));
  if (stored !== computed) {
    throw new CheckpointError(
      `${file}: corrupt: checksum mismatch (stored ${hex(stored)}, computed ${hex(computed)})`,
    );
  }
  let header: Header;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength)),
    ) as Header;
  } catch (error) {
    throw new CheckpointError(`${file}: corrupt header (${(error as Error).message})`);
  }
  const payload = bytes.subarray(PREFIX_BYTES + headerLength);
  const tensors = (list: TensorEntry[]): NamedTensor[] =>
    list.map((entry) => {
      const end = entry.offset + 4 * entry.length;
      if (entry.offset % 4 !== 0 || end > payload.length) {
        throw new CheckpointError(
          `${file}: corrupt: tensor ${entry.name} lies outside the payload`,
        );
      }
      const data = new Float32Array(entry.length);
      if (LITTLE_ENDIAN_HOST) {
        new Uint8Array(data.buffer).set(payload.subarray(entry.offset, end));
      } else {
        const payloadView = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
        for (let i = 0; i < entry.length; i++)
          data[i] = payloadView.getFloat32(entry.offset + 4 * i, true);
      }
      return { name: entry.name, shape: entry.shape, data };
    });
  return {
    model: header.model,
    netcVersion: header.netcVersion,
    modelHash: header.modelHash,
    epoch: header.epoch,
    step: header.step,
    globalStep: header.globalStep,
    parameters: tensors(header.parameters),
    buffers: tensors(header.buffers),
    optimizer: {
      name: header.optimizer.name,
      tensors: tensors(header.optimizer.tensors),
      scalars: header.optimizer.scalars,
    },
    rng: header.rng,
    extra: header.extra,
  };
}

export interface ModelIdentity {
  readonly model: string;
  readonly modelHash: string;
}

/** Refuses to resume a checkpoint written for a different model (or a changed .net file). */
export function checkCheckpointModel(
  checkpoint: Checkpoint,
  expected: ModelIdentity,
  file: string,
): void {
  if (checkpoint.model !== expected.model || checkpoint.modelHash !== expected.modelHash) {
    const what =
      checkpoint.model !== expected.model
        ? `model ${checkpoint.model}, but this script trains ${expected.model}`
        : `a different version of model ${expected.model} (IR hash ${checkpoint.modelHash.slice(0, 12)}, now ${expected.modelHash.slice(0, 12)})`;
    throw new CheckpointError(
      `${file}: cannot resume: the checkpoint was saved from ${what}; use another --checkpoint path or start without --resume`,
    );
  }
}

/**
 * Copies saved tensors into the live ones (same names, same shapes), e.g. the model's
 * parameters. Every target must be present; extra saved tensors are an error too.
 */
export function restoreTensors(
  saved: readonly NamedTensor[],
  targets: readonly NamedTensor[],
  what: string,
  file: string,
): void {
  const byName = new Map(saved.map((tensor) => [tensor.name, tensor]));
  for (const target of targets) {
    const source = byName.get(target.name);
    if (source === undefined)
      throw new CheckpointError(`${file}: no ${what} ${target.name} in the checkpoint`);
    if (
      source.shape.length !== target.shape.length ||
      source.shape.some((size, i) => size !== target.shape[i])
    ) {
      throw new CheckpointError(
        `${file}: ${what} ${target.name} has shape [${source.shape.join(", ")}] in the checkpoint but [${target.shape.join(", ")}] in this model`,
      );
    }
    target.data.set(source.data);
    byName.delete(target.name);
  }
  const unexpected = [...byName.keys()];
  if (unexpected.length > 0) {
    throw new CheckpointError(
      `${file}: the checkpoint has ${what} ${unexpected.join(", ")} that this model does not have`,
    );
  }
}
