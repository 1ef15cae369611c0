import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitTfjs } from "../../src/codegen/tfjs/index.js";
import { emitPackage } from "../../src/codegen/package.js";
import { checkProgram } from "../../src/semantics/index.js";
import { buildDir, repoRoot, typeCheck, writeStrictTsconfig } from "./generated.js";

/** Every model in models/ compiles for tfjs, the output passes tsc --strict, and emission is deterministic. */

const modelsDir = join(repoRoot, "models");
const modelFiles = readdirSync(modelsDir)
  .filter((f) => f.endsWith(".net"))
  .sort();
const host = {
  readFile: (path: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

function check(file: string) {
  const path = join(modelsDir, file);
  const result = checkProgram(path, host);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => d.message)).toEqual([]);
  return { path, program: result.program, text: readFileSync(path, "utf8") };
}

describe("tfjs emission of models/", () => {
  it("emits model.ts and train.ts for every model, and they pass tsc --strict --noEmit", async () => {
    const dir = buildDir("models");
    const files: string[] = [];
    for (const file of modelFiles) {
      const { path, program, text } = check(file);
      for (const model of program.models) {
        const emitted = await emitTfjs(program, model.name, { sourcePath: path, sourceText: text });
        expect([...emitted.keys()].sort()).toEqual(["model.ts", "train.ts"]);
        const sub = join(dir, model.name);
        const { mkdirSync } = await import("node:fs");
        mkdirSync(sub, { recursive: true });
        for (const [name, contents] of emitted) writeFileSync(join(sub, name), contents);
        files.push(`${model.name}/model.ts`, `${model.name}/train.ts`);
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(4);
    writeStrictTsconfig(dir, files);
    expect(typeCheck(dir)).toEqual([]);
  });

  it("is byte-identical when compiled twice", async () => {
    for (const file of modelFiles) {
      const first = check(file);
      const second = check(file);
      for (const model of first.program.models) {
        const a = await emitTfjs(first.program, model.name, {
          sourcePath: first.path,
          sourceText: first.text,
        });
        const b = await emitTfjs(second.program, model.name, {
          sourcePath: second.path,
          sourceText: second.text,
        });
        expect(b).toEqual(a);
      }
    }
  });

  it("comments each layer with the .net call and line it comes from", async () => {
    const { path, program, text } = check("lenet5.net");
    const model = (await emitTfjs(program, "LeNet5", { sourcePath: path, sourceText: text })).get(
      "model.ts",
    )!;
    expect(model).toContain("// conv2d(6, 5, pad=2)  — lenet5.net:5 → [6, 28, 28]");
    expect(model).toContain("// dense(10)  — lenet5.net:10 → [10]");
    // channels-first flatten: back to [n, C, H, W] before the reshape to [n, 400]
    expect(model).toMatch(/tf\.reshape\(toChannelsFirst\(maxpool2d_2\), \[-1, 400\]\)/);
  });

  it("emits LeNet-5's model.ts exactly as the golden file (test/fixtures/codegen/lenet5.tfjs.model.ts.snap)", async () => {
    const { path, program, text } = check("lenet5.net");
    const model = (await emitTfjs(program, "LeNet5", { sourcePath: path, sourceText: text })).get(
      "model.ts",
    )!;
    await expect(model).toMatchFileSnapshot("../fixtures/codegen/lenet5.tfjs.model.ts.snap");
  });

  it("emitPackage adds package.json, tsconfig.json and a README saying how to run it", async () => {
    const { path, program, text } = check("lenet5.net");
    const files = await emitPackage(program, "LeNet5", "tfjs", {
      sourcePath: path,
      sourceText: text,
    });
    expect([...files.keys()]).toEqual([
      "model.ts",
      "train.ts",
      "package.json",
      "tsconfig.json",
      "README.md",
    ]);
    expect(files.get("README.md")).toContain("netc train lenet5.net --backend tfjs");
    const manifest = JSON.parse(files.get("package.json")!) as {
      name: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(manifest.name).toBe("le-net5-tfjs");
    // netc's runtime from the tarball `netc compile` writes beside the package (netc is not
    // on the npm registry), everything else at netc's own exact versions
    const netc = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(manifest.dependencies).toEqual({
      netc: "file:netc-runtime-0.1.0.tgz",
      "@tensorflow/tfjs": netc.dependencies["@tensorflow/tfjs"],
      "@tensorflow/tfjs-backend-wasm": netc.dependencies["@tensorflow/tfjs-backend-wasm"],
    });
    expect(manifest.devDependencies).toEqual({
      typescript: netc.dependencies.typescript,
      "@types/node": netc.dependencies["@types/node"],
    });
  });
});
