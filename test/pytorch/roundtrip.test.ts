import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { emitPytorch } from "../../src/codegen/pytorch/index.js";
import { irHash } from "../../src/ir/hash.js";
import { modelTensors } from "../../src/cli/export/model-tensors.js";
import { loadWeights, saveWeights } from "../../src/runtime/checkpoint-file.js";
import { checkWeightsModel } from "../../src/runtime/checkpoint-format.js";
import { selectDevice } from "../../src/runtime/tfjs/index.js";
import { mnistPackageDigitsDirectory } from "../../src/runtime/mnist-package.js";
import { emitAndWrite, loadModel } from "../tfjs-codegen/generated.js";
import { BATCH, caseModel, loopsReference, modelCases, relativeError, repoRoot } from "./cases.js";
import { describeWithPython, runPython } from "./python-env.js";

/**
 * Weights move between every backend as safetensors: the loops model's weights, saved by
 * the TypeScript runtime, load into model.py by name; model.py saves them again with
 * netc_runtime.save_weights; the TypeScript runtime reads that file as this model's
 * (same IR hash), and the loops and tfjs models given those weights produce the logits
 * the original produced (loops: bit for bit; tfjs: within 1e-5). And a checkpoint the
 * loops backend wrote resumes in train.py.
 */

const work = join(repoRoot, "build", "test-pytorch", "roundtrip");
const labels = [
  "lenet5-classic.net: LeNet5Classic",
  "kinds: batchnorm 2-D",
  "kinds: residual, projection shortcut",
];

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await selectDevice("cpu", { announce: () => {} });
});

describeWithPython(
  "loops → safetensors → PyTorch → safetensors → loops and tfjs",
  ["torch"],
  (python) => {
    const { cases } = modelCases();
    for (const label of labels) {
      it(
        label,
        async () => {
          const c = cases.find((x) => x.label === label)!;
          const model = caseModel(c);
          const directory = join(work, label.replace(/[^a-z0-9]+/gi, "-"));
          const reference = await loopsReference(c, directory, 5, "float32");
          const before = reference.loops.predict(reference.input, BATCH).slice();
          const tensors = modelTensors(model);
          const first = join(directory, "from-loops.safetensors");
          saveWeights(first, {
            model: model.name,
            modelHash: irHash(model),
            netcVersion: "0.1.0",
            tensors: tensors.map((t) => ({
              name: t.name,
              shape: t.shape,
              data: reference.weights.get(t.name)!.data,
            })),
          });
          for (const [name, text] of emitPytorch(c.program, c.model, { sourcePath: c.sourcePath }))
            writeFileSync(join(directory, name), text);
          const second = join(directory, "from-pytorch.safetensors");
          const className = [
            ...readFileSync(join(directory, "model.py"), "utf8").matchAll(
              /^class (\w+)\(nn\.Module\):$/gm,
            ),
          ].pop()![1]!;
          runPython(
            python,
            [
              "-c",
              `import sys; sys.path.insert(0, ".")
import model, netc_runtime as netc
m = model.${className}(seed=99)
netc.load_weights(m, ${JSON.stringify(first)}, model.MODEL_NAME, model.MODEL_HASH)
netc.save_weights(m, ${JSON.stringify(second)}, model.MODEL_NAME, model.MODEL_HASH, "0.1.0")`,
            ],
            { cwd: directory },
          );
          // the TypeScript runtime takes it as this model's weights (name, IR hash, every tensor)
          const back = checkWeightsModel(
            loadWeights(second),
            { model: model.name, modelHash: irHash(model), tensors },
            second,
          );
          const weights = new Map(back.map((t) => [t.name, t.data]));
          for (const [name, tensor] of reference.weights)
            expect(Array.from(weights.get(name)!), name).toEqual(Array.from(tensor.data));

          reference.loops.initialize(123);
          reference.loops.setTensors(weights);
          expect(Array.from(reference.loops.predict(reference.input, BATCH))).toEqual(
            Array.from(before),
          );

          const { dir } = await emitAndWrite(
            c.program,
            c.model,
            `roundtrip-${label.replace(/[^a-z0-9]+/gi, "-")}`,
          );
          const tfjs = await loadModel(dir);
          tfjs.initialize(1);
          tfjs.setTensors(weights);
          expect(
            relativeError(await tfjs.predict(reference.input, BATCH), before),
          ).toBeLessThanOrEqual(1e-5);
          tfjs.dispose();
        },
        300_000,
      );
    }

    it("a checkpoint the loops backend wrote resumes in train.py, optimizer state included", () => {
      const bin = join(repoRoot, "bin", "netc.js");
      const lenet = join(repoRoot, "models", "lenet5.net");
      const checkpoint = join(work, "loops.safetensors");
      const run = (backend: string, ...flags: string[]) => {
        const result = spawnSync(
          process.execPath,
          [
            bin,
            "train",
            lenet,
            "--backend",
            backend,
            "--limit",
            "512",
            "--format",
            "json",
            "--checkpoint",
            checkpoint,
            ...flags,
          ],
          {
            cwd: repoRoot,
            encoding: "utf8",
            env: {
              ...process.env,
              NETC_PYTHON: python,
              NETC_MNIST_DIGITS: mnistPackageDigitsDirectory(),
            },
          },
        );
        expect(result.status, result.stderr).toBe(0);
        return {
          stderr: result.stderr,
          summary: JSON.parse(result.stdout.trim().split("\n").pop()!) as {
            epochs: number;
            testAccuracy: number;
          },
        };
      };
      const loops = run("loops", "--threads", "1", "--epochs", "1");
      // at its last epoch already: train.py only evaluates the loops backend's weights
      const evaluated = run("pytorch", "--epochs", "1", "--resume");
      expect(evaluated.stderr).toContain("resumed from");
      expect(
        Math.abs(evaluated.summary.testAccuracy - loops.summary.testAccuracy),
      ).toBeLessThanOrEqual(0.001);
      // and trains on from there with the loops backend's SGD momentum slots
      const continued = run("pytorch", "--epochs", "2", "--resume");
      expect(continued.stderr).not.toContain("does not fit this run's optimizer");
      expect(continued.summary.epochs).toBe(2);
    }, 300_000);
  },
);
