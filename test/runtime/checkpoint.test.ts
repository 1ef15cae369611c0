import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint, saveCheckpoint } from "../../src/runtime/checkpoint-file.js";
import {
  type Checkpoint,
  checkCheckpointModel,
  decodeWeights,
  encodeCheckpoint,
  restoreOptimizerState,
  restoreTensors,
} from "../../src/runtime/checkpoint-format.js";
import { crc32, portableCrc32 } from "../../src/runtime/crc32.js";
import { CheckpointError } from "../../src/runtime/errors.js";
import { Rng } from "../../src/runtime/rng.js";
import { sampleCheckpoint, safetensorsParts } from "./checkpoint-samples.js";

const directory = mkdtempSync(join(tmpdir(), "netc-ckpt-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const checkpoint: Checkpoint = sampleCheckpoint();

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
  it("computes the standard CRC-32, portably (slicing by 8) as zlib does, in pieces too", () => {
    const check = new TextEncoder().encode("123456789");
    expect(crc32(check)).toBe(0xcbf43926);
    expect(portableCrc32(check)).toBe(0xcbf43926);
    const rng = Rng.fromSeed(1);
    for (const length of [0, 1, 7, 8, 9, 63, 1000, 4099]) {
      const bytes = Uint8Array.from({ length }, () => rng.intBetween(0, 255));
      const cut = Math.floor(length / 3);
      expect(portableCrc32(bytes)).toBe(zlib.crc32(bytes));
      expect(portableCrc32(bytes.subarray(cut), portableCrc32(bytes.subarray(0, cut)))).toBe(
        zlib.crc32(bytes),
      );
    }
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
    // deterministic bytes
    const bytes = encodeCheckpoint(checkpoint);
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(encodeCheckpoint(sampleCheckpoint())).equals(Buffer.from(bytes))).toBe(true);
  });

  it("is a standard safetensors file: u64 header length, JSON header, 8-byte aligned F32 data in header order", () => {
    const bytes = encodeCheckpoint(checkpoint);
    const { headerLength, header, data } = safetensorsParts(bytes);
    expect((8 + headerLength) % 8).toBe(0);
    // the metadata names the coordinator fixed, all strings
    const metadata = header.__metadata__ as Record<string, string>;
    expect(metadata).toEqual({
      format: "netc-checkpoint",
      format_version: "2",
      netc_version: "0.1.0",
      model: "LeNet5",
      model_hash: "abcdef0123456789",
      backend: "loops",
      epoch: "2",
      step: "17",
      global_step: "267",
      optimizer: "sgd",
      optimizer_scalars: JSON.stringify(checkpoint.optimizer.scalars),
      rng: JSON.stringify(checkpoint.rng),
      extra: JSON.stringify(checkpoint.extra),
      buffers: '["bn1.running_mean"]',
      data_crc32: crc32(data).toString(16).padStart(8, "0"),
    });
    const tensors = Object.entries(header).filter(([name]) => name !== "__metadata__");
    expect(tensors).toEqual([
      ["conv1.weight", { dtype: "F32", shape: [2, 1, 1, 3], data_offsets: [0, 24] }],
      ["conv1.bias", { dtype: "F32", shape: [2], data_offsets: [24, 32] }],
      ["bn1.running_mean", { dtype: "F32", shape: [1], data_offsets: [32, 36] }],
      [
        "optimizer/conv1.weight/velocity",
        { dtype: "F32", shape: [2, 1, 1, 3], data_offsets: [36, 60] },
      ],
      ["optimizer/conv1.bias/velocity", { dtype: "F32", shape: [2], data_offsets: [60, 68] }],
    ]);
    expect(data.length).toBe(68);
    // little-endian float32 values in place
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    expect(view.getFloat32(24 + 4, true)).toBe(-0.75);
    expect(view.getFloat32(32, true)).toBe(0.125);
  });

  it("detects truncated, corrupt and foreign files with one clear line", () => {
    const bytes = encodeCheckpoint(checkpoint);
    const truncated = join(directory, "truncated.ckpt");
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 5));
    expect(errorOf(() => loadCheckpoint(truncated))).toBe(
      `${truncated}: corrupt: tensor optimizer/conv1.bias/velocity ends at byte 68 of the data section, which has 63`,
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
    expect(errorOf(() => loadCheckpoint(foreign))).toMatch(
      new RegExp(
        `^${foreign}: not a netc checkpoint or safetensors file: its header length field says \\d+ bytes, more than the 16777216-byte limit$`,
      ),
    );
    const tiny = join(directory, "tiny.ckpt");
    writeFileSync(tiny, bytes.subarray(0, 5));
    expect(errorOf(() => loadCheckpoint(tiny))).toBe(
      `${tiny}: truncated: 5 bytes, too short for a safetensors header length`,
    );
    const missing = join(directory, "missing.ckpt");
    expect(errorOf(() => loadCheckpoint(missing))).toBe(
      `${missing}: no checkpoint there (file not found)`,
    );
    expect(errorOf(() => loadCheckpoint(directory))).toBe(
      `${directory}: is a directory, not a checkpoint`,
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
      "m.ckpt: parameter conv1.weight has shape [2, 1, 1, 3] in the file but [2, 3] in this model",
    );
    expect(
      errorOf(() => restoreTensors(checkpoint.parameters, [live[0]!], "parameter", "m.ckpt")),
    ).toBe("m.ckpt: the file has parameter conv1.weight that this model does not have");
  });

  it("restores the optimizer's slots when the optimizer and its slots match, else says it starts afresh", () => {
    const slots = () => [
      { name: "conv1.weight/velocity", shape: [2, 1, 1, 3], data: new Float32Array(6) },
      { name: "conv1.bias/velocity", shape: [2], data: new Float32Array(2) },
    ];
    const live = slots();
    expect(restoreOptimizerState(checkpoint, live, "sgd", "m.ckpt")).toBeNull();
    expect(Array.from(live[1]!.data)).toEqual([1, 2]);
    const adam = [
      { name: "conv1.bias/first_moment", shape: [2], data: Float32Array.from([7, 7]) },
      { name: "conv1.bias/second_moment", shape: [2], data: Float32Array.from([7, 7]) },
    ];
    expect(restoreOptimizerState(checkpoint, adam, "adam", "m.ckpt")).toBe(
      "m.ckpt: the checkpoint's optimizer state (sgd: velocity) does not fit this run's optimizer (adam: first_moment, second_moment); the weights resume and the optimizer starts afresh",
    );
    expect(Array.from(adam[0]!.data)).toEqual([7, 7]);
    // the same slots under another optimizer's name are not taken either
    expect(restoreOptimizerState(checkpoint, slots(), "rmsprop", "m.ckpt")).toMatch(
      /starts afresh$/,
    );
  });

  it("reads a checkpoint's parameters and buffers as weights", () => {
    const weights = decodeWeights(encodeCheckpoint(checkpoint), "m.ckpt");
    expect(weights.model).toBe("LeNet5");
    expect(weights.tensors.map((t) => t.name)).toEqual([
      "conv1.weight",
      "conv1.bias",
      "bn1.running_mean",
    ]);
  });
});
