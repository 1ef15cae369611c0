import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { emitPytorch } from "../../src/codegen/pytorch/index.js";
import { BATCH, buildRoot, LARGE, loopsReference, modelCases, relativeError } from "./cases.js";
import { describeWithPython, runPython } from "./python-env.js";
import { readSafetensors, writeSafetensors } from "./safetensors.js";

/**
 * The PyTorch backend against the loops reference: the same channels-first weights (the
 * loops model's own initialisation, loaded into model.py by netc's tensor names) and the
 * same batch of 4 give the same evaluation logits, training loss and gradient of every
 * trainable tensor, within 1e-4 relative to each tensor's scale. A layout slip (weight
 * order, flatten order, padding side), a formula that differs (LRN's window, label
 * smoothing, a clamp) or a tensor named differently fails here.
 *
 * The models are ./cases.ts's: every model of models/ except the three whose loops pass
 * takes minutes (NETC_TEST_LARGE_MODELS=1 adds them), and a small model per layer kind,
 * window geometry and loss.
 */

interface Expected {
  logits: Float32Array;
  loss: number;
  gradients: Map<string, Float32Array>;
}

const { cases, skipped } = modelCases();

describeWithPython(
  "PyTorch and loops agree on identical weights and inputs",
  ["torch"],
  (python) => {
    const expected = new Map<string, Expected>();
    const outputs = new Map<string, string>();

    beforeAll(async () => {
      const jobs: Record<string, string>[] = [];
      for (const [index, c] of cases.entries()) {
        const directory = join(buildRoot, `case-${index}`);
        mkdirSync(directory, { recursive: true });
        const pytorch = emitPytorch(c.program, c.model, {
          sourcePath: c.sourcePath,
          sourceText: c.sourceText,
        });
        for (const [name, text] of pytorch) writeFileSync(join(directory, name), text);
        const { loops, weights, input, inputShape, labels } = await loopsReference(
          c,
          directory,
          11 + index,
        );
        writeSafetensors(join(directory, "weights.safetensors"), weights);
        writeSafetensors(
          join(directory, "batch.safetensors"),
          new Map([
            ["input", { shape: [BATCH, ...inputShape], data: input }],
            ["labels", { shape: [BATCH], data: Float32Array.from(labels) }],
          ]),
        );
        const logits = loops.predict(input, BATCH).slice();
        const { loss, gradients } = loops.lossAndGradients(input, labels, BATCH);
        expected.set(c.label, {
          logits,
          loss,
          gradients: new Map([...gradients].map(([k, v]) => [k, v.slice()])),
        });
        // the model is the last class of model.py (helper modules come first)
        const className = [
          ...pytorch.get("model.py")!.matchAll(/^class (\w+)\(nn\.Module\):$/gm),
        ].pop()![1]!;
        const output = join(directory, "pytorch.safetensors");
        outputs.set(c.label, output);
        jobs.push({
          directory,
          className,
          weights: join(directory, "weights.safetensors"),
          batch: join(directory, "batch.safetensors"),
          output,
          dtype: c.precision,
        });
      }
      const jobFile = join(buildRoot, "jobs.json");
      writeFileSync(jobFile, JSON.stringify(jobs));
      runPython(python, [join(import.meta.dirname, "agree.py"), jobFile]);
    }, 900_000);

    for (const c of cases) {
      it(c.label, () => {
        const want = expected.get(c.label)!;
        const got = readSafetensors(outputs.get(c.label)!).tensors;
        expect(relativeError(got.get("logits")!.data, want.logits), "logits").toBeLessThan(1e-4);
        const loss = got.get("loss")!.data[0]!;
        expect(
          Math.abs(loss - want.loss) / Math.max(Math.abs(want.loss), 1e-6),
          "loss",
        ).toBeLessThan(1e-4);
        const names = [...got.keys()].filter((k) => k.startsWith("grad/")).map((k) => k.slice(5));
        expect(names.sort()).toEqual([...want.gradients.keys()].sort());
        const largest = Math.max(
          ...[...want.gradients.values()].map((g) =>
            g.reduce((m, v) => Math.max(m, Math.abs(v)), 0),
          ),
        );
        for (const [name, gradient] of want.gradients) {
          expect(
            relativeError(got.get(`grad/${name}`)!.data, gradient, 1e-6 * largest),
            `gradient of ${name}`,
          ).toBeLessThan(1e-4);
        }
      });
    }

    it("says which large models it leaves to NETC_TEST_LARGE_MODELS=1", () => {
      expect(LARGE ? [] : skipped).toEqual(
        LARGE ? [] : ["alexnet.net: AlexNet", "vgg16.net: VGG16", "yolo.net: YoloHead"],
      );
    });
  },
);
