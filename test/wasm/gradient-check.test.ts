import { describe, expect, it } from "vitest";
import { checkOk, loadModel, pseudoRandom, withLoss } from "../loops/compile-helper.js";
import { wasmRegistry } from "../../src/codegen/wasm/registry.js";
import { isUnsupported } from "../../src/codegen/registry.js";
import type { LayerKindName } from "../../src/layers/definitions.js";
import { wasmCheckPlan } from "../layers/suites.js";
import { loadWasmClass } from "./compile-helper.js";
import { lossCases } from "../fixtures/loss-cases.js";
import type { GradientCase } from "../layers/gradient.js";

/**
 * Every compiled kernel's backward, checked twice on tiny models compiled through the
 * real pipeline (checkText → IR → emitWasm):
 *
 * 1. against finite differences of the compiled forward itself (float32, so central
 *    differences with a large step and a tolerance of a few percent: this catches a
 *    wrong formula, a missing term or a transposed index);
 * 2. against the loops reference's float64 gradient on the same weights and inputs
 *    (itself checked against finite differences in test/loops/gradient-check.test.ts),
 *    within 1e-4 of the gradients' scale: this catches everything above float32 rounding.
 *
 * The cases are every case of every layer kind the backend compiles (src/layers/<kind>/
 * cases.ts, through its registry, so a new kind is checked here the day it compiles), the
 * backend's own code paths and every loss. A kind the registry refuses must be named in
 * `refused`.
 */

const BATCH = 3;

/** A tiny model T (its body), with the loss to check it under (mse on random targets unless given). */
interface Case extends Omit<GradientCase, "source"> {
  name: string;
  body: string;
}

/** Kinds the compiled backend refuses, each on purpose (its registry entry says why); none today. */
const refused: readonly LayerKindName[] = [];

/** The compiled backend's own paths, which the kinds' cases do not reach, and every loss (test/fixtures/loss-cases.ts). */
const ownCases: Case[] = [
  // columns written straight into the product's panels (output rows a multiple of the
  // tile's width), with padding and a height stride
  { name: "conv2d into panels, pad 1", body: "input [3, 6, 16]\n  conv2d(5, 3, pad=1)" },
  {
    name: "conv2d into panels, stride 2 along the height, pad 2",
    body: "input [2, 9, 8]\n  conv2d(4, [3, 5], stride=[2, 1], pad=2)",
  },
  ...lossCases,
];

/** Every case of every kind the compiled backend compiles (src/layers/<kind>/cases.ts), then its own. */
const cases: Case[] = [
  ...wasmCheckPlan().map((planned) => ({
    name: `${planned.kind}: ${planned.case.name}`,
    body: planned.case.model.split("\n").join("\n  "),
  })),
  ...ownCases,
];

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function probes(length: number, most: number): number[] {
  if (length <= most) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: most }, (_, i) => Math.floor((i * (length - 1)) / (most - 1)));
}

describe("compiled kernels: backward matches finite differences and the float64 reference", () => {
  it("checks every layer kind but the ones refused on purpose", () => {
    const compiled = new Set(wasmCheckPlan().map((planned) => planned.kind));
    const unchecked = (Object.keys(wasmRegistry) as LayerKindName[]).filter(
      (kind) => !compiled.has(kind),
    );
    expect(unchecked).toEqual(refused);
    expect(refused.filter((kind) => !isUnsupported(wasmRegistry[kind]))).toEqual([]);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const text = `model T {\n  ${c.body}\n}\n`;
      const path = "check.net";
      const program = withLoss(checkOk(path, text), "T", c.loss ?? "mse", c.lossArgs ?? {});
      const options = { sourcePath: path, sourceText: text, inputGradients: true };
      const { Model } = await loadWasmClass(program, "T", options, "grad");
      const model = new Model(BATCH);
      const reference = await loadModel(
        program,
        "T",
        { ...options, precision: "float64" },
        "wasm-grad-f64",
        BATCH,
      );
      model.initialize(11);
      // move parameters off their initial values (batch norm's γ = 1, β = 0) so every term matters
      const jitter = pseudoRandom(model.params.length, 5);
      for (let i = 0; i < model.params.length; i++) model.params[i]! += 0.3 * jitter[i]!;
      reference.initialize(11);
      reference.params.set(model.params);
      const inputSize = product(model.info.inputShape);
      const outputSize = product(model.info.outputShape);
      const input = Float32Array.from(pseudoRandom(BATCH * inputSize, 17), (v) => 2 * v);
      const classLoss = c.loss === "cross_entropy" || c.loss === "nll" || c.loss === "hinge";
      const labels = classLoss
        ? Float32Array.from({ length: BATCH }, (_, b) => (b * 3 + 1) % outputSize)
        : c.targets === "probabilities"
          ? Float32Array.from(pseudoRandom(BATCH * outputSize, 23), (v) => (v + 1) / 2)
          : Float32Array.from(pseudoRandom(BATCH * outputSize, 23));
      const dropoutState = model.randomState;
      reference.randomState = dropoutState;

      model.computeGradients(input, labels, BATCH);
      const analytic = Float64Array.from(model.grads);
      const analyticInput = Float64Array.from(model.inputGradient!(BATCH));
      reference.computeGradients(Float64Array.from(input), Float64Array.from(labels), BATCH);
      const expected = Float64Array.from(reference.grads);
      const expectedInput = Float64Array.from(reference.inputGradient!(BATCH));

      // 2. the float64 reference, within 1e-4 of the largest gradient
      const scale = Math.max(...expected.map(Math.abs), ...expectedInput.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-4);
      for (let i = 0; i < expected.length; i++)
        expect(Math.abs(analytic[i]! - expected[i]!), `grads[${i}]`).toBeLessThanOrEqual(
          1e-4 * scale,
        );
      for (let i = 0; i < expectedInput.length; i++)
        expect(
          Math.abs(analyticInput[i]! - expectedInput[i]!),
          `input gradient[${i}]`,
        ).toBeLessThanOrEqual(1e-4 * scale);

      // 1. finite differences of the compiled forward (float32: a step of 2e-3, large enough
      // for the rounding of the loss, small enough not to cross maxout's or relu's kinks)
      const loss = () => {
        model.randomState = dropoutState; // the same dropout mask for every evaluation
        model.forward(input, BATCH, true);
        return model.lossInto(labels, BATCH);
      };
      const h = 2e-3;
      const check = (values: Float32Array, index: number, exact: number, what: string) => {
        const saved = values[index]!;
        values[index] = saved + h;
        const up = loss();
        values[index] = saved - h;
        const down = loss();
        values[index] = saved;
        const numeric = (up - down) / (2 * h);
        expect(
          Math.abs(numeric - exact),
          `${what}: analytic ${exact}, numeric ${numeric}`,
        ).toBeLessThanOrEqual(2e-3 * scale + 2e-2 * Math.abs(exact));
      };
      let offset = 0;
      let probed = 0;
      for (const tensor of model.info.tensors.filter((t) => t.role === "param")) {
        const size = product(tensor.shape);
        for (const i of probes(size, 8)) {
          check(
            model.params as Float32Array,
            offset + i,
            expected[offset + i]!,
            `${tensor.name}[${i}]`,
          );
          probed++;
        }
        offset += size;
      }
      for (const i of probes(input.length, 12)) {
        check(input, i, expectedInput[i]!, `input[${i}]`);
        probed++;
      }
      expect(probed).toBeGreaterThan(5);
    });
  }
});
