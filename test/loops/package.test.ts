import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitLoops } from "../../src/codegen/loops/index.js";
import {
  checkedFile,
  emitTwice,
  modelFile,
  runTrainScript,
  typeCheckPackage,
  writeContractCheck,
} from "../helpers/generated-package.js";
import { emitToDirectory } from "./compile-helper.js";

/** The generated packages of every model in models/ (and of every train option): strict compilation, determinism, the golden model.ts. */

/** tsc --strict over a package and contract-check.ts. */
function typeCheck(directory: string): string {
  return typeCheckPackage(directory, [
    "model.ts",
    "config.ts",
    "train.ts",
    "parallel.ts",
    "contract-check.ts",
  ]);
}

describe("generated loops packages", () => {
  for (const [file, model] of [
    ["lenet5.net", "LeNet5"],
    ["mlp.net", "MLP"],
    ["lenet5-classic.net", "LeNet5Classic"],
    ["cnn-small.net", "CNN"],
    ["cnn-small.net", "MNISTConvNet"],
    ["alexnet.net", "AlexNet"],
    ["vgg16.net", "VGG16"],
    ["resnet18.net", "ResNet18"],
    ["mobilenet.net", "MobileNet"],
    ["yolo.net", "YoloHead"],
  ] as const) {
    it(`${file}: model.ts, config.ts and train.ts pass tsc --strict, and the model implements GeneratedModelApi`, async () => {
      const { program, source } = modelFile(file);
      const { directory, files } = await emitToDirectory(
        program,
        model,
        source,
        `package-${model}`,
      );
      expect([...files.keys()].sort()).toEqual([
        "config.ts",
        "model.ts",
        "parallel.ts",
        "train.ts",
      ]);
      expect(files.get("model.ts")!).not.toMatch(/^import /m); // browser-safe: no imports at all
      writeContractCheck(directory, model);
      expect(typeCheck(directory)).toBe("");
    });
  }

  it("every train option (fixtures/every-train-option.net): tsc --strict, and a short run ends with its JSON summary", async () => {
    const { program, source } = checkedFile("test/loops/fixtures/every-train-option.net");
    const { directory, files } = await emitToDirectory(program, "Opts", source, "package-options");
    const train = files.get("train.ts")!;
    // the options reach the script: preprocessing, augmentation, early stopping, the schedule
    expect(train).toContain("zeroCentre(parts[0]!)");
    expect(train).toContain("cropPadding: 2");
    expect(train).toContain("horizontalFlip: true");
    expect(train).toContain("stopper.badEpochs >= 1");
    expect(train).toContain("Math.pow(0.5, Math.floor(epoch / 2))");
    writeFileSync(join(directory, "contract-check.ts"), "export {};\n");
    expect(typeCheck(directory)).toBe("");
    const summary = runTrainScript<{ epochs: number; testAccuracy: number }>(directory, [
      "--limit",
      "320",
      "--threads",
      "2",
    ]);
    expect(summary.epochs).toBeGreaterThanOrEqual(2); // patience 1: stops after the first epoch without improvement
    expect(summary.epochs).toBeLessThanOrEqual(4);
    expect(summary.testAccuracy).toBeGreaterThan(0.1);
  });

  it("is byte-identical for identical input", async () => {
    const [first, again] = await emitTwice(emitLoops, "lenet5.net", "LeNet5");
    expect([...again]).toEqual([...first]);
  });

  it("emits LeNet-5's model.ts as the golden file", async () => {
    const { program, source } = modelFile("lenet5.net");
    const files = await emitLoops(program, "LeNet5", source);
    const model = files.get("model.ts")!;
    // each layer's code points at its .net line
    expect(model).toContain(
      "/** conv2d_1: conv2d(6, 5, pad=2)  — lenet5.net:5. [1, 28, 28] → [6, 28, 28] */",
    );
    expect(model).toContain("/** dense_3: dense(10)  — lenet5.net:10. [84] → [10] */");
    await expect(model).toMatchFileSnapshot("../fixtures/codegen/lenet5.loops.model.ts.snap");
  });
});
