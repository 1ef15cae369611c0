import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeCheckpoint,
  decodeWeights,
  encodeCheckpoint,
} from "../../src/runtime/checkpoint-format.js";
import { CheckpointError } from "../../src/runtime/errors.js";
import {
  craftLegacy,
  craftSafetensors,
  safetensorsParts,
  sampleCheckpoint,
  sampleModel,
} from "./checkpoint-samples.js";

/**
 * A checkpoint is untrusted input (issue: "a .net file is untrusted"): resuming from a
 * crafted one must end in one CheckpointError line that names the file, never a stack
 * trace or a nonsense run. Each reproduced attack is kept below, in both layouts (the
 * safetensors one, and the legacy .ckpt netc still reads), with the checksum recomputed as
 * an attacker would; then a property test mutates valid files at random.
 */

const FILE = "crafted.ckpt";
const expectation = { ...sampleModel, epochs: 3, stepsPerEpoch: 20 };

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    const message = (error as Error).message;
    expect(message.startsWith(`${FILE}: `)).toBe(true);
    expect(message).not.toMatch(/[\n\r\u2028\u2029]/);
    return message;
  }
  throw new Error("expected a CheckpointError");
}

const valid = encodeCheckpoint(sampleCheckpoint());
const { header: validHeader, data: validData } = safetensorsParts(valid);
const validMetadata = validHeader.__metadata__ as Record<string, string>;

/** The valid checkpoint with its header changed by `edit` (CRC recomputed). */
function withHeader(edit: (header: Record<string, unknown>) => unknown): Uint8Array {
  const header = structuredClone(validHeader);
  return craftSafetensors(edit(header) ?? header, validData);
}

/** The valid checkpoint with some metadata fields replaced (undefined deletes one). */
const withMetadata = (changes: Record<string, string | undefined>) =>
  withHeader((header) => {
    const metadata = { ...validMetadata, ...changes };
    for (const [key, value] of Object.entries(changes))
      if (value === undefined) delete metadata[key];
    header.__metadata__ = metadata;
  });

/** The legacy header of the same contents. */
const legacyHeader = {
  format: "netc-checkpoint",
  model: "LeNet5",
  netcVersion: "0.1.0",
  modelHash: "abcdef0123456789",
  epoch: 2,
  step: 17,
  globalStep: 267,
  parameters: [
    { name: "conv1.weight", shape: [2, 1, 1, 3], offset: 0, length: 6 },
    { name: "conv1.bias", shape: [2], offset: 24, length: 2 },
  ],
  buffers: [{ name: "bn1.running_mean", shape: [1], offset: 32, length: 1 }],
  optimizer: {
    name: "sgd",
    tensors: [
      { name: "conv1.weight/velocity", shape: [2, 1, 1, 3], offset: 36, length: 6 },
      { name: "conv1.bias/velocity", shape: [2], offset: 60, length: 2 },
    ],
    scalars: { stepCount: 267 },
  },
  rng: JSON.parse(validMetadata.rng!) as unknown,
  extra: { bestMetric: 0.97, badEpochs: 1 },
};
const legacy = (edit: (header: typeof legacyHeader) => unknown) => {
  const header = structuredClone(legacyHeader);
  return craftLegacy(edit(header) ?? header, validData);
};

describe("crafted checkpoints (reproduced attacks)", () => {
  it("the untouched files load: the safetensors one and its legacy twin", () => {
    expect(decodeCheckpoint(valid, FILE, expectation).epoch).toBe(2);
    const old = decodeCheckpoint(
      legacy(() => undefined),
      FILE,
      expectation,
    );
    expect(old.parameters).toEqual(sampleCheckpoint().parameters);
    expect(old.optimizer.tensors).toEqual(sampleCheckpoint().optimizer.tensors);
  });

  it("a negative tensor length", () => {
    expect(
      errorOf(() =>
        decodeCheckpoint(
          legacy((h) => {
            h.parameters[1]!.length = -1;
          }),
          FILE,
        ),
      ),
    ).toBe(
      `${FILE}: corrupt header: an entry of parameters is not {name, shape, offset, length} with whole numbers`,
    );
    expect(
      errorOf(() =>
        decodeCheckpoint(
          withHeader((h) => {
            h["conv1.bias"] = { dtype: "F32", shape: [2], data_offsets: [24, -8] };
          }),
          FILE,
        ),
      ),
    ).toBe(
      `${FILE}: corrupt header: tensor conv1.bias has data_offsets that are not two whole numbers ≥ 0`,
    );
    expect(
      errorOf(() =>
        decodeCheckpoint(
          withHeader((h) => {
            h["conv1.bias"] = { dtype: "F32", shape: [-2], data_offsets: [24, 32] };
          }),
          FILE,
        ),
      ),
    ).toBe(
      `${FILE}: corrupt header: tensor conv1.bias has a shape that is not a list of whole numbers ≥ 0`,
    );
  });

  it("a missing key", () => {
    expect(
      errorOf(() =>
        decodeCheckpoint(
          legacy((h) => {
            delete (h as Partial<typeof h>).buffers;
          }),
          FILE,
        ),
      ),
    ).toBe(`${FILE}: corrupt header: buffers is missing or not a list`);
    expect(
      errorOf(() =>
        decodeCheckpoint(
          legacy((h) => {
            delete (h as Partial<typeof h>).optimizer;
          }),
          FILE,
        ),
      ),
    ).toBe(`${FILE}: corrupt header: optimizer is missing or not an object`);
    expect(errorOf(() => decodeCheckpoint(withMetadata({ epoch: undefined }), FILE))).toBe(
      `${FILE}: corrupt header: epoch is missing`,
    );
    expect(errorOf(() => decodeCheckpoint(withMetadata({ rng: undefined }), FILE))).toBe(
      `${FILE}: corrupt header: rng is missing`,
    );
    expect(
      errorOf(() =>
        decodeCheckpoint(
          withHeader((h) => {
            delete (h["conv1.bias"] as Record<string, unknown>).shape;
          }),
          FILE,
        ),
      ),
    ).toBe(`${FILE}: corrupt header: tensor conv1.bias lacks "shape"`);
    // a tensor of the model missing from the file
    expect(
      errorOf(() =>
        decodeCheckpoint(
          withHeader((h) => {
            delete h["bn1.running_mean"];
            h["conv1.bias"] = { dtype: "F32", shape: [3], data_offsets: [24, 36] };
          }),
          FILE,
          expectation,
        ),
      ),
    ).toBe(`${FILE}: parameter conv1.bias has shape [3] in the file but [2] in this model`);
  });

  it("a null header (and other headers that are not objects)", () => {
    expect(errorOf(() => decodeCheckpoint(craftLegacy(null, validData), FILE))).toBe(
      `${FILE}: corrupt header: it is not a JSON object`,
    );
    expect(errorOf(() => decodeCheckpoint(craftSafetensors("null", validData), FILE))).toBe(
      `${FILE}: not a safetensors file: the header is not a JSON object`,
    );
    expect(errorOf(() => decodeCheckpoint(craftSafetensors("{}  ", new Uint8Array()), FILE))).toBe(
      `${FILE}: a safetensors file without netc's checkpoint metadata: it holds weights but no training state, so training cannot resume from it`,
    );
    expect(
      errorOf(() =>
        decodeCheckpoint(
          withHeader((h) => ({ ...h, __metadata__: null })),
          FILE,
        ),
      ),
    ).toBe(`${FILE}: corrupt header: __metadata__ is not an object`);
    expect(
      errorOf(() =>
        decodeCheckpoint(
          withHeader((h) => {
            h["conv1.bias"] = null;
          }),
          FILE,
        ),
      ),
    ).toBe(
      `${FILE}: corrupt header: tensor conv1.bias is not an object with dtype, shape and data_offsets`,
    );
    expect(errorOf(() => decodeCheckpoint(withMetadata({ rng: "null" }), FILE))).toBe(
      `${FILE}: corrupt header: rng is not an object`,
    );
  });

  it("an epoch of −5 or 10⁹, and other counters out of range", () => {
    expect(errorOf(() => decodeCheckpoint(withMetadata({ epoch: "-5" }), FILE))).toBe(
      `${FILE}: corrupt header: epoch must be a whole number from 0, got "-5"`,
    );
    expect(
      errorOf(() =>
        decodeCheckpoint(
          legacy((h) => {
            h.epoch = -5;
          }),
          FILE,
        ),
      ),
    ).toBe(`${FILE}: corrupt header: epoch must be a whole number from 0, got -5`);
    // 10⁹ is a whole number, but not of this run (3 epochs)
    expect(
      errorOf(() => decodeCheckpoint(withMetadata({ epoch: "1000000000" }), FILE, expectation)),
    ).toBe(
      `${FILE}: cannot resume: the checkpoint is at epoch 1000000000, step 17 but this run has --epochs 3; pass a larger --epochs to continue`,
    );
    expect(
      errorOf(() =>
        decodeCheckpoint(
          legacy((h) => {
            h.epoch = 1e9;
          }),
          FILE,
          expectation,
        ),
      ),
    ).toMatch(
      /cannot resume: the checkpoint is at epoch 1000000000, step 17 but this run has --epochs 3/,
    );
    // at the end of the run exactly is fine; a step past the end of an epoch is not
    expect(decodeCheckpoint(withMetadata({ epoch: "3", step: "0" }), FILE, expectation).epoch).toBe(
      3,
    );
    expect(
      errorOf(() => decodeCheckpoint(withMetadata({ epoch: "3", step: "1" }), FILE, expectation)),
    ).toMatch(/the checkpoint is at epoch 3, step 1 but this run has --epochs 3/);
    expect(errorOf(() => decodeCheckpoint(withMetadata({ step: "21" }), FILE, expectation))).toBe(
      `${FILE}: cannot resume: the checkpoint is 21 steps into epoch 3 but an epoch of this run has 20 (resume with the --batch and --limit it was saved with)`,
    );
    for (const value of ["1e3", "2.5", "", " 1", "0x10", "99999999999999999"]) {
      expect(errorOf(() => decodeCheckpoint(withMetadata({ global_step: value }), FILE))).toMatch(
        /^crafted.ckpt: corrupt header: global_step must be a whole number from 0, got /,
      );
    }
  });

  it("typed state: generator words, scalars and extra", () => {
    const rng = JSON.parse(validMetadata.rng!) as { augment: { words: unknown[] } };
    rng.augment.words = [1, 2, 3];
    expect(errorOf(() => decodeCheckpoint(withMetadata({ rng: JSON.stringify(rng) }), FILE))).toBe(
      `${FILE}: corrupt header: rng state augment needs 4 words`,
    );
    expect(
      errorOf(() =>
        decodeCheckpoint(withMetadata({ optimizer_scalars: '{"stepCount":-1}' }), FILE),
      ),
    ).toBe(
      `${FILE}: corrupt header: optimizer scalar stepCount must be a whole number from 0, got -1`,
    );
    expect(
      errorOf(() => decodeCheckpoint(withMetadata({ extra: '{"badEpochs":"x"}' }), FILE)),
    ).toBe(`${FILE}: corrupt header: extra badEpochs must be a whole number from 0, got "x"`);
    expect(errorOf(() => decodeCheckpoint(withMetadata({ extra: "{" }), FILE))).toBe(
      `${FILE}: corrupt header: extra is not valid JSON`,
    );
    // "__proto__" keys stay plain keys
    const extra = decodeCheckpoint(
      withMetadata({ extra: '{"__proto__":{"polluted":1}}' }),
      FILE,
    ).extra;
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("layout: overlapping, holes, trailing bytes, huge header length, other dtypes, bad checksum", () => {
    expect(
      errorOf(() =>
        decodeCheckpoint(
          withHeader((h) => {
            h["conv1.bias"] = { dtype: "F32", shape: [2], data_offsets: [20, 28] };
          }),
          FILE,
        ),
      ),
    ).toBe(`${FILE}: corrupt: tensors conv1.weight and conv1.bias overlap`);
    expect(
      errorOf(() =>
        decodeCheckpoint(
          craftSafetensors(validHeader, Uint8Array.from([...validData, 0, 0, 0, 0])),
          FILE,
        ),
      ),
    ).toBe(
      `${FILE}: corrupt: the data section has 4 bytes after the last tensor (the tensors cover 68 of 72)`,
    );
    expect(
      errorOf(() =>
        decodeCheckpoint(
          withHeader((h) => {
            h["conv1.bias"] = { dtype: "F16", shape: [4], data_offsets: [24, 32] };
          }),
          FILE,
        ),
      ),
    ).toBe(
      `${FILE}: corrupt header: tensor conv1.bias has dtype F16: netc reads F32 tensors only (in PyTorch, save tensor.float())`,
    );
    const huge = Uint8Array.from(valid);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
    expect(errorOf(() => decodeCheckpoint(huge, FILE))).toMatch(
      /more than the 16777216-byte limit$/,
    );
    expect(
      errorOf(() =>
        decodeCheckpoint(craftSafetensors(validHeader, validData, false).fill(9, -4), FILE),
      ),
    ).toMatch(
      /^crafted.ckpt: corrupt: checksum mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)$/,
    );
    expect(errorOf(() => decodeCheckpoint(withMetadata({ format_version: "3" }), FILE))).toBe(
      `${FILE}: netc-checkpoint format version 3 is not supported (this netc reads version 2)`,
    );
    // a name with line breaks and terminal escapes is shown escaped, on one line
    expect(
      errorOf(() =>
        decodeCheckpoint(
          withHeader((h) => {
            h["evil\n\u001b[2J\u2028name"] = { dtype: "F32", shape: [1], data_offsets: [0, 9] };
          }),
          FILE,
        ),
      ),
    ).toBe(
      `${FILE}: corrupt header: tensor "evil\\n\\u001b[2J\\u2028name" has data_offsets [0, 9] (9 bytes) but shape [1] of F32 takes 4`,
    );
  });

  it("a weights-only file is refused for resuming, and read as weights", () => {
    const weights = withMetadata({ format: "netc-weights" });
    expect(errorOf(() => decodeCheckpoint(weights, FILE))).toBe(
      `${FILE}: a weights-only file: it holds weights but no training state, so training cannot resume from it`,
    );
    expect(decodeWeights(weights, FILE).tensors.length).toBe(5);
  });
});

/** Decoding must return or throw a CheckpointError, whatever the bytes. */
function decodesOrRefuses(bytes: Uint8Array): void {
  for (const decode of [
    () => decodeCheckpoint(bytes, FILE, expectation),
    () => decodeWeights(bytes, FILE),
  ]) {
    try {
      decode();
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      if (/[\n\r\u2028\u2029]/.test(error.message))
        throw new Error(`a message of several lines: ${error.message}`);
    }
  }
}

/** Arbitrary JSON-ish values, hostile ones included, for header fields. */
const hostileValue = fc.oneof(
  fc.constantFrom(
    null,
    true,
    -1,
    -0.5,
    1e308,
    2 ** 53,
    NaN,
    "",
    "-5",
    "1e9",
    "F16",
    "__proto__",
    [],
    {},
    [-1, 2],
  ),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.string(),
  fc.array(fc.integer({ min: -4, max: 80 }), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);

describe("fuzzing the decoder (property tests)", () => {
  it("random byte flips, truncations and splices of a valid file", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        fc.nat(valid.length),
        fc.uint8Array({ maxLength: 16 }),
        (flips, cut, tail) => {
          const bytes = Uint8Array.from(valid);
          for (const [at, value] of flips) bytes[at] = value;
          decodesOrRefuses(bytes);
          decodesOrRefuses(bytes.subarray(0, cut));
          decodesOrRefuses(Uint8Array.from([...bytes.subarray(0, cut), ...tail]));
        },
      ),
      { numRuns: 1500, seed: 20240611 },
    );
  });

  it("hostile values in every header and metadata field, checksum recomputed", () => {
    const tensorNames = Object.keys(validHeader).filter((name) => name !== "__metadata__");
    const fields = ["dtype", "shape", "data_offsets", "extra_field"];
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant("tensor" as const),
              name: fc.constantFrom(...tensorNames, "new", "optimizer/"),
              field: fc.constantFrom(...fields, "whole"),
              value: hostileValue,
            }),
            fc.record({
              kind: fc.constant("metadata" as const),
              key: fc.constantFrom(...Object.keys(validMetadata), "__proto__"),
              value: hostileValue,
            }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (edits) => {
          const bytes = withHeader((header) => {
            for (const edit of edits) {
              if (edit.kind === "metadata") {
                const metadata = header.__metadata__ as Record<string, unknown>;
                // metadata values are strings in valid files: mostly keep them strings
                Object.defineProperty(metadata, edit.key, {
                  value:
                    typeof edit.value === "string" || edit.key === "__proto__"
                      ? edit.value
                      : JSON.stringify(edit.value),
                  enumerable: true,
                  configurable: true,
                  writable: true,
                });
              } else if (edit.field === "whole") {
                Object.defineProperty(header, edit.name, {
                  value: edit.value,
                  enumerable: true,
                  configurable: true,
                  writable: true,
                });
              } else {
                const existing = header[edit.name];
                const entry = (
                  typeof existing === "object" && existing !== null ? existing : {}
                ) as Record<string, unknown>;
                entry[edit.field] = edit.value;
                Object.defineProperty(header, edit.name, {
                  value: entry,
                  enumerable: true,
                  configurable: true,
                  writable: true,
                });
              }
            }
          });
          decodesOrRefuses(bytes);
        },
      ),
      { numRuns: 2500, seed: 7 },
    );
  });

  it("hostile values in the legacy header, checksum recomputed", () => {
    const keys = [
      "model",
      "modelHash",
      "epoch",
      "step",
      "globalStep",
      "parameters",
      "buffers",
      "optimizer",
      "rng",
      "extra",
    ];
    fc.assert(
      fc.property(fc.constantFrom(...keys), hostileValue, fc.nat(2), (key, value, which) => {
        const bytes = legacy((header) => {
          const target = header as unknown as Record<string, unknown>;
          if (key === "parameters" && which > 0) {
            const entry = header.parameters[which - 1] as unknown as Record<string, unknown>;
            entry[["offset", "length", "shape"][which]!] = value;
          } else {
            target[key] = value;
          }
        });
        decodesOrRefuses(bytes);
      }),
      { numRuns: 1000, seed: 11 },
    );
  });
});
