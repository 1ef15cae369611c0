import { describe, it } from "vitest";
import { lossCases } from "../fixtures/loss-cases.js";
import { checkGradients } from "../layers/gradient.js";

/**
 * Finite-difference gradient checks of every loss's d(loss)/d(logits) in the loops
 * backend (the layers' backward passes are checked through their cases, by
 * test/layers/gradient-check.test.ts), with test/layers/gradient.ts's check, on the
 * losses of test/fixtures/loss-cases.ts.
 */

describe("loops loss gradients match finite differences (float64 reference)", () => {
  for (const c of lossCases) {
    it(c.name, async () => {
      const { body, ...loss } = c;
      await checkGradients({ source: `model T {\n  ${body}\n}\n`, ...loss });
    });
  }
});
