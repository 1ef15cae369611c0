import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 as zlibCrc32 } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint, saveCheckpoint } from "../../src/runtime/checkpoint-file.js";
import {
  type Checkpoint,
  checkCheckpointModel,
  encodeCheckpoint,
  restoreTensors,
} from "../../src/runtime/checkpoint-format.js";
import { crc32 } from "../../src/runtime/crc32.js";
import { CheckpointError } from "../../src/runtime/errors.js";
import { Rng } from "../../src/runtime/rng.js";

const directory = mkdtempSync(join(tmpdir(), "netc-ckpt-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const rng = Rng.fromSeed(4);
rng.normal();
const checkpoint: Checkpoint = {
  model: "LeNet5",
  netcVersion: "0.1.0",
  modelHash: "abcdef0123456789",
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
    name: "adam",
    tensors: [{ name: "conv1.bias.m", shape: [2], data: Float32Array.from([1, 2]) }],
    scalars: { t: 267, beta1Power: 0.9 ** 267 },
  },
  rng: { augment: rng.getState() },
  extra: { bestValAccuracy: 0.97, patience: 1 },
};

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return (error as Error).message;
  }
  throw new Error("expected a CheckpointError");
}

describe("checkpoints", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    // every length and alignment of the 8-byte steps, and a running value, against zlib's
    const bytes = Uint8Array.from({ length: 4099 }, (_, i) => (i * 151 + (i >> 3)) & 0xff);
    for (const [start, end] of [
      [0, 0],
      [0, 1],
      [3, 10],
      [1, 4099],
      [5, 2053],
    ] as const)
      expect(crc32(bytes.subarray(start, end))).toBe(zlibCrc32(bytes.subarray(start, end)));
    expect(crc32(bytes.subarray(9), crc32(bytes.subarray(0, 9)))).toBe(zlibCrc32(bytes));
  });

  it("round-trips every field and leaves no temporary file", () => {
    const path = join(directory, "sub", "model.ckpt");
    saveCheckpoint(path, checkpoint);
    expect(readdirSync(join(directory, "sub"))).toEqual(["model.ckpt"]);
    const loaded = loadCheckpoint(path);
    expect(loaded).toEqual(checkpoint);
    expect(Object.is(loaded.parameters[0]!.data[4], -0)).toBe(true);
    // the restored generator continues the saved stream
    expect(Rng.fromState(loaded.rng.augment!).normal()).toBe(
      Rng.fromState(checkpoint.rng.augment!).normal(),
    );
    // deterministic bytes, header aligned so payload floats are 4-byte aligned
    const bytes = encodeCheckpoint(checkpoint);
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(bytes))).toBe(true);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe("NETCCKPT");
    expect(new DataView(bytes.buffer).getUint32(12, true) % 4).toBe(0);
    expect(bytes.length).toBe(
      32 + new DataView(bytes.buffer).getUint32(12, true) + 4 * (6 + 2 + 1 + 2),
    );
  });

  it("detects truncated, corrupt and foreign files with one clear line", () => {
    const bytes = encodeCheckpoint(checkpoint);
    const truncated = join(directory, "truncated.ckpt");
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 5));
    expect(errorOf(() => loadCheckpoint(truncated))).toBe(
      `${truncated}: truncated: the checkpoint declares ${bytes.length} bytes but the file has ${bytes.length - 5}`,
    );
    const corrupt = join(directory, "corrupt.ckpt");
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 3]! ^= 0x10;
    writeFileSync(corrupt, flipped);
    expect(errorOf(() => loadCheckpoint(corrupt))).toMatch(
      new RegExp(
        `^${corrupt}: corrupt: checksum mismatch \\(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\\)$`,
      ),
    );
    const foreign = join(directory, "foreign.ckpt");
    writeFileSync(foreign, "PK\u0003\u0004 not a checkpoint at all, but long enough");
    expect(errorOf(() => loadCheckpoint(foreign))).toBe(
      `${foreign}: not a netc checkpoint (it does not start with "NETCCKPT")`,
    );
    const tiny = join(directory, "tiny.ckpt");
    writeFileSync(tiny, bytes.subarray(0, 20));
    expect(errorOf(() => loadCheckpoint(tiny))).toBe(
      `${tiny}: truncated: 20 bytes, shorter than the 32-byte prefix`,
    );
    const missing = join(directory, "missing.ckpt");
    expect(errorOf(() => loadCheckpoint(missing))).toBe(
      `${missing}: no checkpoint to resume from (file not found)`,
    );
  });

  it("refuses a checkpoint of another model and checks tensor names and shapes", () => {
    expect(
      errorOf(() =>
        checkCheckpointModel(checkpoint, { model: "MLP", modelHash: "ffff" }, "m.ckpt"),
      ),
    ).toBe(
      "m.ckpt: cannot resume: the checkpoint was saved from model LeNet5, but this script trains MLP; use another --checkpoint path or start without --resume",
    );
    expect(
      errorOf(() =>
        checkCheckpointModel(
          checkpoint,
          { model: "LeNet5", modelHash: "0123456789abcdef" },
          "m.ckpt",
        ),
      ),
    ).toBe(
      "m.ckpt: cannot resume: the checkpoint was saved from a different version of model LeNet5 (IR hash abcdef012345, now 0123456789ab); use another --checkpoint path or start without --resume",
    );
    checkCheckpointModel(checkpoint, { model: "LeNet5", modelHash: "abcdef0123456789" }, "m.ckpt");

    const live = [
      { name: "conv1.bias", shape: [2], data: new Float32Array(2) },
      { name: "conv1.weight", shape: [2, 1, 1, 3], data: new Float32Array(6) },
    ];
    restoreTensors(checkpoint.parameters, live, "parameter", "m.ckpt");
    expect(Array.from(live[0]!.data)).toEqual([0.25, -0.75]);
    expect(
      errorOf(() =>
        restoreTensors(
          checkpoint.parameters,
          [{ name: "conv1.weight", shape: [2, 3], data: new Float32Array(6) }],
          "parameter",
          "m.ckpt",
        ),
      ),
    ).toBe(
      "m.ckpt: parameter conv1.weight has shape [2, 1, 1, 3] in the checkpoint but [2, 3] in this model",
    );
    expect(
      errorOf(() => restoreTensors(checkpoint.parameters, [live[0]!], "parameter", "m.ckpt")),
    ).toBe("m.ckpt: the checkpoint has parameter conv1.weight that this model does not have");
  });
});
