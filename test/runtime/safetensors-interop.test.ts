import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadWeights, saveCheckpoint, saveWeights } from "../../src/runtime/checkpoint-file.js";
import { checkWeightsModel } from "../../src/runtime/checkpoint-format.js";
import { Rng } from "../../src/runtime/rng.js";
import { sampleCheckpoint } from "./checkpoint-samples.js";
import { findPython, pythonMissing, runPython } from "./python.js";

/**
 * netc's files are standard safetensors: read by a dozen lines of NumPy that know only the
 * format's specification, and netc reads a file an independent writer made from PyTorch
 * tensors' bytes. (The `safetensors` Python package itself is not in Debian, so
 * `safetensors.torch.load_file` is not what reads them here.)
 */

const modules = ["numpy", "torch"];
const missing = pythonMissing(modules);
const python = findPython(modules)!;
const directory = mkdtempSync(join(tmpdir(), "netc-interop-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The specification, in NumPy: header length, JSON header, tensors from their offsets. */
const numpyReader = `
import json, sys
import numpy as np
data = open(sys.argv[1] if len(sys.argv) > 1 else sys.stdin.readline().strip(), "rb").read()
n = int.from_bytes(data[:8], "little")
header = json.loads(data[8:8 + n])
body = data[8 + n:]
out = {"metadata": header.pop("__metadata__", None), "tensors": {}}
for name, info in header.items():
    begin, end = info["data_offsets"]
    assert info["dtype"] == "F32"
    array = np.frombuffer(body[begin:end], dtype="<f4").reshape(info["shape"])
    out["tensors"][name] = {"shape": list(array.shape), "values": array.ravel().tolist()}
print(json.dumps(out))
`;

interface NumpyView {
  metadata: Record<string, string> | null;
  tensors: Record<string, { shape: number[]; values: number[] }>;
}

/** A LeNet-like set of tensors with seeded values (normals, some exact edge values). */
function sampleTensors() {
  const rng = Rng.fromSeed(9);
  const tensor = (name: string, shape: number[]) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = rng.normal();
    return { name, shape, data };
  };
  const tensors = [
    tensor("conv2d_1.weight", [6, 1, 5, 5]),
    tensor("conv2d_1.bias", [6]),
    tensor("batchnorm_1.running_var", [6]),
    tensor("dense_1.weight", [10, 24]),
  ];
  tensors[1]!.data.set([0, -0, 3.4028234663852886e38, 1.401298464324817e-45, -1.5, 1e-20]);
  return tensors;
}

describe.skipIf(missing !== undefined)(
  `safetensors with NumPy and PyTorch${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    it("a few lines of NumPy read netc's weights file: names, shapes and every value", () => {
      const tensors = sampleTensors();
      const file = join(directory, "weights.safetensors");
      saveWeights(file, {
        model: "Sample",
        modelHash: "0123456789abcdef",
        netcVersion: "0.1.0",
        tensors,
      });
      const view = JSON.parse(runPython(python, numpyReader, `${file}\n`)) as NumpyView;
      expect(view.metadata).toMatchObject({
        format: "netc-weights",
        format_version: "2",
        model: "Sample",
      });
      expect(Object.keys(view.tensors)).toEqual(tensors.map((t) => t.name));
      for (const t of tensors) {
        expect(view.tensors[t.name]!.shape).toEqual(t.shape);
        expect(view.tensors[t.name]!.values).toEqual(Array.from(t.data));
      }
    });

    it("and a checkpoint: model tensors plus optimizer/<tensor>/<slot>, metadata as strings", () => {
      const file = join(directory, "model.ckpt");
      const checkpoint = sampleCheckpoint();
      saveCheckpoint(file, checkpoint);
      const view = JSON.parse(runPython(python, numpyReader, `${file}\n`)) as NumpyView;
      expect(Object.keys(view.tensors)).toEqual([
        "conv1.weight",
        "conv1.bias",
        "bn1.running_mean",
        "optimizer/conv1.weight/velocity",
        "optimizer/conv1.bias/velocity",
      ]);
      expect(view.tensors["optimizer/conv1.bias/velocity"]!.values).toEqual([1, 2]);
      expect(view.metadata!.epoch).toBe("2");
      expect(JSON.parse(view.metadata!.extra!)).toEqual(checkpoint.extra);
    });

    it("netc loads a file that an independent writer made from torch tensors by the specification", () => {
      const model = {
        model: "Sample",
        modelHash: "0123456789abcdef",
        tensors: sampleTensors().map(({ name, shape }) => ({
          name,
          shape,
          role: name.includes("running") ? ("buffer" as const) : ("param" as const),
          trainable: !name.includes("running"),
        })),
      };
      // tensors sorted by name, metadata last, offsets in that order: not netc's own layout
      const writer = `
import json, sys
import torch
spec = json.loads(sys.stdin.read())
torch.manual_seed(0)
tensors = {t["name"]: torch.randn(*t["shape"], dtype=torch.float32) for t in spec["tensors"]}
header, chunks, offset = {}, [], 0
for name in sorted(tensors):
    raw = tensors[name].contiguous().numpy().astype("<f4").tobytes()
    header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(raw)]}
    chunks.append(raw)
    offset += len(raw)
header["__metadata__"] = {"format": "pt"}
text = json.dumps(header).encode()
text += b" " * ((8 - len(text) % 8) % 8)
with open(spec["out"], "wb") as f:
    f.write(len(text).to_bytes(8, "little") + text + b"".join(chunks))
print(json.dumps({name: t.flatten().tolist() for name, t in tensors.items()}))
`;
      const file = join(directory, "from-torch.safetensors");
      const values = JSON.parse(
        runPython(python, writer, JSON.stringify({ tensors: model.tensors, out: file })),
      ) as Record<string, number[]>;
      const loaded = loadWeights(file);
      expect(loaded.model).toBeUndefined();
      const matched = checkWeightsModel(loaded, model, file);
      expect(matched.map((t) => t.name)).toEqual(model.tensors.map((t) => t.name));
      for (const tensor of matched) expect(Array.from(tensor.data)).toEqual(values[tensor.name]);
      // the raw file really is laid out otherwise: data order by name, metadata last
      const bytes = readFileSync(file);
      const header = bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString();
      expect(header.indexOf("batchnorm_1.running_var")).toBeLessThan(
        header.indexOf("conv2d_1.bias"),
      );
      expect(header.trimEnd().endsWith('{"format": "pt"}}')).toBe(true);
    });
  },
);
