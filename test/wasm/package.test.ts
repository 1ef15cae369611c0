import { format } from "prettier";
import { describe, expect, it } from "vitest";
import {
  emitWasm,
  UnsupportedModelError,
  wasmRegistry,
  wasmLosses,
  wasmOptimizers,
} from "../../src/codegen/wasm/index.js";
import { checkOk, trainSection } from "../helpers/programs.js";
import { loopsLosses } from "../../src/codegen/loops/losses.js";
import { loopsOptimizers } from "../../src/codegen/loops/optimizers.js";
import {
  checkedFile,
  emitTwice,
  modelFile,
  runTrainScript,
  typeCheckPackage,
  writeContractCheck,
} from "../helpers/generated-package.js";
import { emitWasmToDirectory } from "./compile-helper.js";

/**
 * The compiled backend's generated packages: strict compilation and the model contract,
 * a short real run of train.ts with every train option, determinism, formatting, the
 * registries' completeness, and a model too large for WebAssembly refused at compile time.
 */

describe("generated wasm packages", () => {
  for (const [file, model] of [
    ["lenet5.net", "LeNet5"],
    ["mlp.net", "MLP"],
  ] as const) {
    it(`${file}: every file passes tsc --strict and prettier, and the model implements GeneratedModelApi`, async () => {
      const { program, source } = modelFile(file);
      const { directory, files } = await emitWasmToDirectory(
        program,
        model,
        source,
        `package-${model}`,
      );
      expect([...files.keys()].sort()).toEqual([
        "config.ts",
        "model-wasm.ts",
        "model.ts",
        "model.wat",
        "parallel.ts",
        "train.ts",
      ]);
      // browser-safe: the model imports only its own binaries
      expect(files.get("model.ts")!.match(/^import .*$/gm)).toEqual([
        'import { WASM_PLAIN, WASM_RELAXED } from "./model-wasm.js";',
      ]);
      for (const [name, source] of files) {
        if (name.endsWith(".ts"))
          expect(await format(source, { parser: "typescript", printWidth: 100 }), name).toBe(
            source,
          );
      }
      // the text names each layer with its .net line
      expect(files.get("model.wat")!).toMatch(
        /;; conv2d_1: conv2d\(6, 5, pad=2\)  — lenet5\.net:5|;; dense_1: dense\(hidden\)/,
      );
      writeContractCheck(directory, model);
      expect(
        typeCheckPackage(directory, [
          "model.ts",
          "model-wasm.ts",
          "config.ts",
          "train.ts",
          "parallel.ts",
          "contract-check.ts",
        ]),
      ).toBe("");
    });
  }

  it("every train option (test/loops/fixtures/every-train-option.net): a short run on 2 threads ends with its JSON summary", async () => {
    const { program, source } = checkedFile("test/loops/fixtures/every-train-option.net");
    const { directory } = await emitWasmToDirectory(program, "Opts", source, "package-options");
    const summary = runTrainScript<{ epochs: number; testAccuracy: number; backend: string }>(
      directory,
      ["--limit", "320", "--threads", "2"],
    );
    expect(summary.backend).toBe("wasm");
    expect(summary.epochs).toBeGreaterThanOrEqual(2); // patience 1: stops after the first epoch without improvement
    expect(summary.epochs).toBeLessThanOrEqual(4);
    expect(summary.testAccuracy).toBeGreaterThan(0.1);
  });

  it("is byte-identical for identical input", async () => {
    const [first, again] = await emitTwice(emitWasm, "lenet5.net", "LeNet5");
    expect([...again]).toEqual([...first]);
  });

  it("has an emitter for every layer kind, loss and optimizer of the language", () => {
    // every kind has an entry (the registry's type); the refusals are named here
    expect(
      Object.entries(wasmRegistry)
        .filter(([, entry]) => "unsupported" in entry)
        .map(([kind]) => kind),
    ).toEqual([]);
    expect(Object.keys(loopsLosses).filter((name) => !(name in wasmLosses))).toEqual([]);
    expect(Object.keys(loopsOptimizers).filter((name) => !(name in wasmOptimizers))).toEqual([]);
  });

  it("refuses at compile time a model that cannot fit in WebAssembly's 4 GiB, saying which batch would", async () => {
    const text = "model Huge {\n  input [20000]\n  dense(20000) -> relu\n  dense(10)\n}\n";
    const program = checkOk("huge.net", text);
    // 400 million parameters: 1.6 GB each for the parameters, gradients and momentum
    const attempt = emitWasm(
      {
        ...program,
        trains: [
          trainSection(
            "Huge",
            "data = mnist\nloss = cross_entropy\noptimizer = sgd(lr = 0.1, momentum = 0.9)\nbatch = 64\nepochs = 1\nseed = 1",
          ),
        ],
      },
      "Huge",
      { sourcePath: "huge.net", sourceText: text },
    );
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedModelError);
    await expect(attempt).rejects.toThrow(
      /Huge needs \d+\.\d\d GiB of WebAssembly memory for a batch of 64 .*at most 4 GiB/,
    );
  });
});
