import { describe, expect, it } from "vitest";
import { checkText } from "../../src/semantics/index.js";
import { caseSource, kinds, realRegistries, uncovered } from "./suites.js";

/**
 * A layer kind cannot land half done: every kind has example models that compile and use
 * it, and every (kind, backend) pair a registry supports is checked, the loops backward by
 * finite differences (gradient-check.test.ts), tfjs against it on every device
 * (agreement.test.ts) and the compiled backend against both (test/wasm/gradient-check.test.ts).
 */
describe("every layer kind is covered by the generic suites", () => {
  it("every supported (kind, backend) pair has cases in the gradient checks and the agreement suite", () => {
    expect(uncovered()).toEqual([]);
  });

  it("would name a kind without cases, and a tfjs emitter with no loops reference", () => {
    const doctored = {
      ...realRegistries,
      loops: { ...realRegistries.loops, lrn: { unsupported: "for this test" } },
      cases: { ...realRegistries.cases, maxout: [] },
    };
    expect(uncovered(doctored)).toEqual([
      "lrn (tfjs): no agreement check (no loops reference to agree with)",
      "lrn (wasm): no gradient check (no loops reference to agree with)",
      "maxout: no cases in src/layers/maxout/cases.ts",
      "maxout (loops): no gradient check",
      "maxout (tfjs): no agreement check",
      "maxout (wasm): no gradient check",
    ]);
  });

  for (const kind of kinds) {
    it(`${kind}: every case checks without errors and uses the kind`, () => {
      for (const c of realRegistries.cases[kind]) {
        const result = checkText("case.net", caseSource(c));
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        expect(
          errors.map((d) => d.message),
          c.name,
        ).toEqual([]);
        expect(
          result.program.models[0]!.nodes.map((n) => n.kind),
          c.name,
        ).toContain(kind);
      }
    });
  }
});
