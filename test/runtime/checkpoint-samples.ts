/** Checkpoints for the tests, and tools to take their bytes apart and craft hostile ones. */
import type { Checkpoint } from "../../src/runtime/checkpoint-format.js";
import { crc32 } from "../../src/runtime/crc32.js";
import { Rng } from "../../src/runtime/rng.js";

/** A small checkpoint with every kind of field (a fresh object each call). */
export function sampleCheckpoint(): Checkpoint {
  const rng = Rng.fromSeed(4);
  rng.normal();
  return {
    model: "LeNet5",
    netcVersion: "0.1.0",
    modelHash: "abcdef0123456789",
    backend: "loops",
    epoch: 2,
    step: 17,
    globalStep: 267,
    parameters: [
      {
        name: "conv1.weight",
        shape: [2, 1, 1, 3],
        data: Float32Array.from([1, -2, 3.5, 1e-8, -0, Math.PI]),
      },
      { name: "conv1.bias", shape: [2], data: Float32Array.from([0.25, -0.75]) },
    ],
    buffers: [{ name: "bn1.running_mean", shape: [1], data: Float32Array.from([0.125]) }],
    optimizer: {
      name: "sgd",
      tensors: [
        {
          name: "conv1.weight/velocity",
          shape: [2, 1, 1, 3],
          data: Float32Array.from([0.5, 0, 0, 0, 0, -1]),
        },
        { name: "conv1.bias/velocity", shape: [2], data: Float32Array.from([1, 2]) },
      ],
      scalars: { stepCount: 267, dropoutRandomState: 12345 },
    },
    rng: { augment: rng.getState() },
    extra: { bestMetric: 0.97, badEpochs: 1 },
  };
}

/** The model the sample belongs to, as a generated script describes it. */
export const sampleModel = {
  model: "LeNet5",
  modelHash: "abcdef0123456789",
  tensors: [
    { name: "conv1.weight", shape: [2, 1, 1, 3], role: "param", trainable: true },
    { name: "conv1.bias", shape: [2], role: "param", trainable: true },
    { name: "bn1.running_mean", shape: [1], role: "buffer", trainable: false },
  ],
} as const;

export interface SafetensorsParts {
  headerLength: number;
  header: Record<string, unknown>;
  data: Uint8Array;
}

export function safetensorsParts(bytes: Uint8Array): SafetensorsParts {
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)),
  ) as Record<string, unknown>;
  return { headerLength, header, data: bytes.subarray(8 + headerLength) };
}

/**
 * A safetensors file from any header value (serialised as given, or raw header text) and
 * data; with `recomputeCrc`, the header's __metadata__.data_crc32 is set to the data's CRC,
 * as an attacker who knows the format would.
 */
export function craftSafetensors(
  header: unknown,
  data: Uint8Array,
  recomputeCrc = true,
): Uint8Array {
  let value = header;
  if (recomputeCrc && typeof header === "object" && header !== null && "__metadata__" in header) {
    const metadata = (header as { __metadata__: unknown }).__metadata__;
    if (typeof metadata === "object" && metadata !== null && !Array.isArray(metadata)) {
      value = {
        ...header,
        __metadata__: { ...metadata, data_crc32: crc32(data).toString(16).padStart(8, "0") },
      };
    }
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** A legacy (version 1, "NETCCKPT") file from any header value and payload, CRC recomputed. */
export function craftLegacy(header: unknown, payload: Uint8Array): Uint8Array {
  let json = JSON.stringify(header);
  while (json.length % 4 !== 0) json += " ";
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(32 + headerBytes.length + payload.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode("NETCCKPT"));
  view.setUint32(8, 1, true);
  view.setUint32(12, headerBytes.length, true);
  view.setBigUint64(16, BigInt(payload.length), true);
  out.set(headerBytes, 32);
  out.set(payload, 32 + headerBytes.length);
  view.setUint32(24, crc32(out.subarray(32)), true);
  return out;
}
