import { describe, it } from "vitest";
import { checkGradients } from "./gradient.js";
import { caseSource, gradientCheckPlan } from "./suites.js";

/**
 * Every layer kind's loops backward against finite differences of its forward, through
 * every case of its src/layers/<kind>/cases.ts (test/layers/gradient.ts does the check).
 */
describe("loops backward matches finite differences, every case of every kind", () => {
  for (const planned of gradientCheckPlan()) {
    it(`${planned.kind}: ${planned.case.name}`, async () => {
      await checkGradients({ source: caseSource(planned.case) });
    });
  }
});
