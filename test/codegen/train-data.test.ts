import { describe, expect, it } from "vitest";
import { dataPlan } from "../../src/codegen/common/train-data.js";
import { checkText } from "../../src/semantics/index.js";

/** The data part of a generated train.ts, from a train section's `data = …`. */
function loadCode(data: string): string {
  const source = `model M {\n  input [1, 28, 28]\n  flatten -> dense(10)\n}\n\ntrain M {\n  data = ${data}\n  loss = cross_entropy\n  optimizer = sgd(lr = 0.1)\n}\n`;
  const checked = checkText("m.net", source);
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return JSON.stringify(dataPlan(checked.program.trains[0]));
}

describe("data section of the generated training script", () => {
  it("leaves fashion_mnist's default folder to the runtime, which explains a missing install", () => {
    expect(loadCode("fashion_mnist")).toContain("path: flags.data ?? undefined");
  });

  it("passes a folder the user wrote through to the loader", () => {
    expect(loadCode('fashion_mnist(path = "data/fashion")')).toContain(
      'path: flags.data ?? \\"data/fashion\\"',
    );
  });
});
