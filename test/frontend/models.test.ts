import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../src/semantics/index.js";
import { formatSource } from "../../src/syntax/index.js";

/**
 * The model zoo is written in netc's canonical layout (`netc fmt --check models/*.net`
 * passes) and checks without errors, with the parameter totals below (each from its
 * source: the paper or the seed the file cites).
 */

const modelsDir = fileURLToPath(new URL("../../models/", import.meta.url));
const files = readdirSync(modelsDir)
  .filter((f) => f.endsWith(".net"))
  .sort();

const expectedTotals: Record<string, Record<string, number>> = {
  "alexnet.net": { AlexNet: 58_322_314 },
  "cnn-small.net": { CNN: 28_938, MNISTConvNet: 21_840 },
  "lenet5-classic.net": { LeNet5Classic: 60_840 },
  "lenet5.net": { LeNet5: 61_706 },
  "mlp.net": { MLP: 397_510 },
  "mobilenet.net": { MobileNet: 4_231_976 },
  "resnet18.net": { ResNet18: 11_173_962 },
  "vgg16.net": { VGG16: 138_357_544 },
  "yolo.net": { YoloHead: 249_300_414 },
};

describe("models/", () => {
  it("has a pinned parameter total for every file", () => {
    expect(files).toEqual(Object.keys(expectedTotals).sort());
  });

  it.each(files)("%s is already formatted", (name) => {
    const text = readFileSync(path.join(modelsDir, name), "utf8");
    const result = formatSource(name, text);
    expect(result.diagnostics).toEqual([]);
    expect(result.text).toBe(text);
  });

  it.each(files)("%s checks without errors, with its parameter totals", (name) => {
    const result = checkProgram(path.join(modelsDir, name), {
      readFile: (p) => readFileSync(p, "utf8"),
    });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // each model at its defaults (the first instance of each name)
    const totals: Record<string, number> = {};
    for (const model of result.program.models) totals[model.name] ??= model.totals.params;
    expect(totals).toEqual(expectedTotals[name]);
  });
});
