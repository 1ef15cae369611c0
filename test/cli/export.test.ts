import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelTensors } from "../../src/cli/export/model-tensors.js";
import { irHash } from "../../src/ir/hash.js";
import { saveCheckpoint } from "../../src/runtime/checkpoint-file.js";
import { type Checkpoint, encodeCheckpoint } from "../../src/runtime/checkpoint-format.js";
import { crc32 } from "../../src/runtime/crc32.js";
import { Rng } from "../../src/runtime/rng.js";
import { decodeSafetensors } from "../../src/runtime/safetensors.js";
import { checkProgram } from "../../src/semantics/index.js";
import { craftLegacy, safetensorsParts } from "../runtime/checkpoint-samples.js";

/**
 * `netc export FILE --weights CKPT --format safetensors --out PATH`, as a user runs it
 * (node bin/netc.js on dist/): LeNet-5's checkpoint becomes a weights-only safetensors
 * file with exactly its parameters and buffers; a legacy .ckpt converts to the same
 * bytes; a file of another model or a crafted one is one line and exit 2.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");
const lenet = path.join(root, "models/lenet5.net");
let work: string;

function netc(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const { program } = checkProgram(lenet, { readFile: (file) => readFileSync(file, "utf8") });
const lenetModel = program.models.find((m) => m.name === "LeNet5")!;
const tensors = modelTensors(lenetModel);

/** A LeNet-5 checkpoint with seeded values and SGD momentum slots. */
function lenetCheckpoint(): Checkpoint {
  const rng = Rng.fromSeed(5);
  const filled = (list: typeof tensors) =>
    list.map(({ name, shape }) => {
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < data.length; i++) data[i] = rng.normal();
      return { name, shape, data };
    });
  const parameters = filled(tensors.filter((t) => t.role === "param"));
  return {
    model: "LeNet5",
    netcVersion: "0.1.0",
    modelHash: irHash(lenetModel),
    backend: "loops",
    epoch: 3,
    step: 0,
    globalStep: 375,
    parameters,
    buffers: filled(tensors.filter((t) => t.role === "buffer")),
    optimizer: {
      name: "sgd",
      tensors: parameters.map((p) => ({ ...p, name: `${p.name}/velocity` })),
      scalars: { stepCount: 375 },
    },
    rng: {},
    extra: {},
  };
}

beforeAll(() => {
  const main = path.join(root, "dist/cli/main.js");
  const source = path.join(root, "src/cli/commands/export.ts");
  if (!existsSync(main) || statSync(main).mtimeMs < statSync(source).mtimeMs) {
    spawnSync(
      process.execPath,
      [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      { cwd: root },
    );
  }
  work = mkdtempSync(path.join(tmpdir(), "netc-export-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("netc export --format safetensors", () => {
  it("writes exactly the model's parameters and buffers, with its identity, and nothing of the optimizer", () => {
    const checkpoint = lenetCheckpoint();
    const ckpt = path.join(work, "lenet5.ckpt");
    saveCheckpoint(ckpt, checkpoint);
    const run = netc([
      "export",
      lenet,
      "--weights",
      "lenet5.ckpt",
      "--format",
      "safetensors",
      "--out",
      "lenet5.safetensors",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      "netc: exported LeNet5 (10 tensors, 61,706 values) from lenet5.ckpt to lenet5.safetensors as safetensors\n",
    );
    const bytes = readFileSync(path.join(work, "lenet5.safetensors"));
    const { metadata, tensors: written } = decodeSafetensors(bytes, "lenet5.safetensors");
    expect(metadata).toEqual({
      format: "netc-weights",
      format_version: "2",
      netc_version: JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version,
      model: "LeNet5",
      model_hash: irHash(lenetModel),
      data_crc32: crc32(safetensorsParts(bytes).data).toString(16).padStart(8, "0"),
    });
    expect(written).toEqual([...checkpoint.parameters, ...checkpoint.buffers]);
  });

  it("converts a legacy .ckpt to the same bytes", () => {
    const checkpoint = lenetCheckpoint();
    // the version-1 layout: JSON tables of name, shape, offset and length, then the values
    let offset = 0;
    const table = (
      list: readonly { name: string; shape: readonly number[]; data: Float32Array }[],
    ) =>
      list.map((t) => {
        const entry = { name: t.name, shape: t.shape, offset, length: t.data.length };
        offset += 4 * t.data.length;
        return entry;
      });
    const header = {
      format: "netc-checkpoint",
      model: "LeNet5",
      netcVersion: "0.1.0",
      modelHash: checkpoint.modelHash,
      epoch: 3,
      step: 0,
      globalStep: 375,
      parameters: table(checkpoint.parameters),
      buffers: table(checkpoint.buffers),
      optimizer: { name: "sgd", tensors: table([]), scalars: {} },
      rng: {},
      extra: {},
    };
    const payload = new Uint8Array(offset);
    let at = 0;
    for (const t of [...checkpoint.parameters, ...checkpoint.buffers]) {
      payload.set(new Uint8Array(t.data.buffer), at);
      at += t.data.byteLength;
    }
    writeFileSync(path.join(work, "old.ckpt"), craftLegacy(header, payload));
    const run = netc(["export", lenet, "--weights", "old.ckpt", "--out", "old.safetensors"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(work, "old.safetensors"))).toEqual(
      readFileSync(path.join(work, "lenet5.safetensors")),
    );
  });

  it("refuses another model's weights, a crafted file and a missing one with one line, exit 2", () => {
    const other = { ...lenetCheckpoint(), model: "MLP" };
    writeFileSync(path.join(work, "mlp.ckpt"), encodeCheckpoint(other));
    const wrongModel = netc(["export", lenet, "--weights", "mlp.ckpt", "--out", "x.safetensors"]);
    expect([wrongModel.code, wrongModel.stderr]).toEqual([
      2,
      "netc: error: mlp.ckpt: the weights were saved from model MLP, not LeNet5\n",
    ]);
    const bytes = encodeCheckpoint(lenetCheckpoint());
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(path.join(work, "flipped.ckpt"), bytes);
    const flipped = netc(["export", lenet, "--weights", "flipped.ckpt", "--out", "x.safetensors"]);
    expect(flipped.code).toBe(2);
    expect(flipped.stderr).toMatch(
      /^netc: error: flipped.ckpt: corrupt: checksum mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)\n$/,
    );
    const missing = netc(["export", lenet, "--weights", "nowhere.ckpt", "--out", "x.safetensors"]);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      "netc: error: nowhere.ckpt: no weights file there (file not found)\n",
    ]);
    expect(existsSync(path.join(work, "x.safetensors"))).toBe(false);
    const intoDirectory = netc(["export", lenet, "--weights", "lenet5.ckpt", "--out", "."]);
    expect([intoDirectory.code, intoDirectory.stderr]).toEqual([
      2,
      `netc: error: --out ${work} is a directory; give a file path\n`,
    ]);
  });

  it("has --help with an example, and needs --weights and --out", () => {
    const help = netc(["export", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      "$ netc export models/lenet5.net --weights lenet5.ckpt --format safetensors --out lenet5.safetensors",
    );
    expect(netc(["export", lenet, "--out", "y.safetensors"]).code).toBe(2);
    expect(
      netc(["export", lenet, "--weights", "lenet5.ckpt", "--format", "pickle", "--out", "y"]).code,
    ).toBe(2);
  });
});
