import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { emitLoops } from "../../src/codegen/loops/index.js";
import { checkOk, emitToDirectory, repoRoot } from "./compile-helper.js";

/** The generated packages of every model in models/ (and of every train option): strict compilation, determinism, the golden model.ts. */

function compileModelFile(name: string) {
  const path = join(repoRoot, "models", name);
  const text = readFileSync(path, "utf8");
  const program = checkOk(`models/${name}`, text);
  return { path: `models/${name}`, text, program };
}

/** tsc --strict --noEmit over a generated package, with netc/runtime mapped to the sources. */
function typeCheck(directory: string): string {
  const toRepo = relative(directory, repoRoot).split("\\").join("/");
  writeFileSync(
    join(directory, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM"],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [`${toRepo}/node_modules/@types`],
        paths: { "netc/runtime": [`${toRepo}/src/runtime/index.ts`] },
      },
      files: ["model.ts", "config.ts", "train.ts", "parallel.ts", "contract-check.ts"],
    }),
  );
  try {
    execFileSync(
      process.execPath,
      [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", directory],
      { encoding: "utf8" },
    );
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
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
      const { path, text, program } = compileModelFile(file);
      const { directory, files } = await emitToDirectory(
        program,
        model,
        { sourcePath: path, sourceText: text },
        `package-${model}`,
      );
      expect([...files.keys()].sort()).toEqual([
        "config.ts",
        "model.ts",
        "parallel.ts",
        "train.ts",
      ]);
      expect(files.get("model.ts")!).not.toMatch(/^import /m); // browser-safe: no imports at all
      const toRepo = relative(directory, repoRoot).split("\\").join("/");
      writeFileSync(
        join(directory, "contract-check.ts"),
        `import type { GeneratedModelApi } from "${toRepo}/src/runtime/model-contract.js";\n` +
          `import { ${model} } from "./model.js";\n` +
          `export const asContract: GeneratedModelApi = new ${model}(4);\n`,
      );
      expect(typeCheck(directory)).toBe("");
    });
  }

  it("every train option (fixtures/every-train-option.net): tsc --strict, and a short run ends with its JSON summary", async () => {
    const path = "test/loops/fixtures/every-train-option.net";
    const text = readFileSync(join(repoRoot, path), "utf8");
    const { directory, files } = await emitToDirectory(
      checkOk(path, text),
      "Opts",
      { sourcePath: path, sourceText: text },
      "package-options",
    );
    const train = files.get("train.ts")!;
    // the options reach the script: preprocessing, augmentation, early stopping, the schedule
    expect(train).toContain("zeroCentre(parts[0]!)");
    expect(train).toContain("cropPadding: 2");
    expect(train).toContain("horizontalFlip: true");
    expect(train).toContain("stopper.badEpochs >= 1");
    expect(train).toContain("Math.pow(0.5, Math.floor(epoch / 2))");
    writeFileSync(join(directory, "contract-check.ts"), "export {};\n");
    expect(typeCheck(directory)).toBe("");
    const output = execFileSync(
      process.execPath,
      ["--import", "tsx", "train.ts", "--limit", "320", "--threads", "2", "--format", "json"],
      {
        cwd: directory,
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    const summary = JSON.parse(output.trim().split("\n").at(-1)!) as {
      epochs: number;
      testAccuracy: number;
    };
    expect(summary.epochs).toBeGreaterThanOrEqual(2); // patience 1: stops after the first epoch without improvement
    expect(summary.epochs).toBeLessThanOrEqual(4);
    expect(summary.testAccuracy).toBeGreaterThan(0.1);
  });

  it("is byte-identical for identical input", async () => {
    const { path, text, program } = compileModelFile("lenet5.net");
    const first = await emitLoops(program, "LeNet5", { sourcePath: path, sourceText: text });
    const again = await emitLoops(compileModelFile("lenet5.net").program, "LeNet5", {
      sourcePath: path,
      sourceText: text,
    });
    expect([...again]).toEqual([...first]);
  });

  it("emits LeNet-5's model.ts as the golden file", async () => {
    const { path, text, program } = compileModelFile("lenet5.net");
    const files = await emitLoops(program, "LeNet5", { sourcePath: path, sourceText: text });
    const model = files.get("model.ts")!;
    // each layer's code points at its .net line
    expect(model).toContain(
      "/** conv2d_1: conv2d(6, 5, pad=2)  — lenet5.net:5. [1, 28, 28] → [6, 28, 28] */",
    );
    expect(model).toContain("/** dense_3: dense(10)  — lenet5.net:10. [84] → [10] */");
    await expect(model).toMatchFileSnapshot("../fixtures/codegen/lenet5.loops.model.ts.snap");
  });
});
