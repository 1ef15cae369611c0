import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import { describe, expect, it } from "vitest";
import { exportOnnx } from "../../src/codegen/onnx/export.js";
import { onnxRegistry } from "../../src/codegen/onnx/registry.js";
import { isUnsupported } from "../../src/codegen/registry.js";
import { onnxType } from "../../src/codegen/onnx/proto.js";
import { definitions } from "../../src/layers/definitions.js";
import { checkProgram } from "../../src/semantics/index.js";
import {
  BATCH,
  caseModel,
  LARGE,
  loopsReference,
  modelCases,
  relativeError,
  repoRoot,
} from "../pytorch/cases.js";
import { describeWithPython, runPython } from "../pytorch/python-env.js";

/**
 * ONNX export: onnxruntime runs the exported model (onnxruntime-web's WebAssembly build,
 * in Node) and its outputs equal the loops reference's evaluation logits on the same
 * weights and batch within 1e-4, for every small model of models/ and one model per layer
 * kind and geometry (../pytorch/cases.ts); every model of models/ passes Debian
 * python3-onnx's onnx.checker.check_model with full_check (shape inference included).
 * VGG-16 (553 MB of weights) and the YOLO head (1 GB) take a minute and several GB each to
 * export and check, so they join only with NETC_TEST_LARGE_MODELS=1.
 */

const work = join(repoRoot, "build", "test-onnx");
mkdirSync(work, { recursive: true });
const { cases } = modelCases();

it("every layer kind has an ONNX emitter, none refused", () => {
  // the registry's type makes an entry for every kind; this holds that none is a refusal
  const refused = Object.entries(onnxRegistry).filter(([, entry]) => isUnsupported(entry));
  expect(refused.map(([kind]) => kind)).toEqual([]);
  expect(Object.keys(onnxRegistry).sort()).toEqual(Object.keys(definitions).sort());
});

describe("onnxruntime computes what the loops backend computes", () => {
  for (const [index, c] of cases.entries()) {
    it(c.label, async () => {
      const directory = join(work, `case-${index}`);
      const reference = await loopsReference(c, directory, 23 + index, "float32");
      const model = caseModel(c);
      const bytes = exportOnnx({
        model: model,
        weights: reference.weights,
        netcVersion: "0.1.0",
        sourceName: "case.net",
      });
      writeFileSync(join(directory, "model.onnx"), bytes);
      // deterministic: the same model and weights give the same bytes
      expect(
        Buffer.compare(
          Buffer.from(bytes),
          Buffer.from(
            exportOnnx({
              model: model,
              weights: reference.weights,
              netcVersion: "0.1.0",
              sourceName: "case.net",
            }),
          ),
        ),
      ).toBe(0);
      const session = await ort.InferenceSession.create(bytes);
      const input = new ort.Tensor("float32", reference.input, [BATCH, ...reference.inputShape]);
      const result = await session.run({ input });
      const want = reference.loops.predict(reference.input, BATCH);
      expect(relativeError(result.output!.data as Float32Array, want)).toBeLessThan(1e-4);
      await session.release();
    });
  }
});

describeWithPython("onnx.checker accepts every exported model", ["onnx"], (python) => {
  it("models/ and every kind case pass check_model(full_check=True)", () => {
    const host = { readFile: (path: string) => readFileSync(path, "utf8") };
    const models = [
      ...cases.map((c, index) => ({ file: `case-${index}`, model: caseModel(c) })),
      ...readdirSync(join(repoRoot, "models"))
        .filter((f) => f.endsWith(".net"))
        .flatMap((file) =>
          checkProgram(join(repoRoot, "models", file), host).program.models.map((model) => ({
            file,
            model,
          })),
        ),
    ];
    const files: string[] = [];
    for (const { file, model } of models) {
      if (model.totals.params > 100_000_000 && !LARGE) continue;
      // the checker looks at structure and shapes, not values: zeros will do
      const weights = new Map(
        model.nodes.flatMap((node) =>
          [...node.params, ...node.buffers].map((t) => [
            `${node.id}.${t.name}`,
            { shape: t.shape, data: new Float32Array(t.shape.reduce((a, b) => a * b, 1)) },
          ]),
        ),
      );
      const path = join(work, `${file}-${model.name}.onnx`);
      writeFileSync(path, exportOnnx({ model, weights, netcVersion: "0.1.0", sourceName: file }));
      files.push(path);
    }
    const script = `
import json, sys, onnx
results = {}
for path in json.load(sys.stdin):
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
        results[path] = [model.opset_import[0].version, len(model.graph.node)]
    except Exception as error:
        results[path] = str(error)
print(json.dumps(results))
`;
    const results = JSON.parse(
      runPython(python, ["-c", script], { input: JSON.stringify(files) }),
    ) as Record<string, unknown>;
    for (const file of files) expect(results[file], file).toEqual([13, expect.any(Number)]);
  }, 600_000);
});

it("writes the graph onnx.proto describes: opset 13, named input and output, netc's tensor names", async () => {
  const c = cases.find((x) => x.label === "lenet5.net: LeNet5")!;
  const reference = await loopsReference(c, join(work, "lenet"), 1, "float32");
  const bytes = exportOnnx({
    model: caseModel(c),
    weights: reference.weights,
    netcVersion: "0.1.0",
    sourceName: "lenet5.net",
  });
  const type = onnxType("ModelProto");
  const decoded = type.toObject(type.decode(bytes), { longs: Number }) as {
    ir_version: number;
    opset_import: { version: number }[];
    graph: {
      input: { name: string }[];
      output: { name: string }[];
      initializer: { name: string }[];
      node: { op_type: string }[];
    };
  };
  expect(decoded.ir_version).toBe(7);
  expect(decoded.opset_import[0]!.version).toBe(13);
  expect(decoded.graph.input.map((v) => v.name)).toEqual(["input"]);
  expect(decoded.graph.output.map((v) => v.name)).toEqual(["output"]);
  expect(decoded.graph.initializer.map((t) => t.name)).toEqual([...reference.weights.keys()]);
  expect(decoded.graph.node.map((n) => n.op_type)).toEqual([
    "Conv",
    "Relu",
    "MaxPool",
    "Conv",
    "Relu",
    "MaxPool",
    "Flatten",
    "Gemm",
    "Relu",
    "Gemm",
    "Relu",
    "Gemm",
    "Identity",
  ]);
});
