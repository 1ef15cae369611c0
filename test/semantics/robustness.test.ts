import { readFileSync } from "node:fs";
import fc from "fast-check";
import { expect, it } from "vitest";
import { checkText } from "../../src/semantics/index.js";

const lenet = readFileSync("models/lenet5.net", "utf8");

it("never throws on mutated programs, and every diagnostic span lies inside its file", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: lenet.length }),
      fc.integer({ min: 0, max: 12 }),
      fc.string({ maxLength: 6 }),
      (at, cut, insert) => {
        const text = lenet.slice(0, at) + insert + lenet.slice(Math.min(lenet.length, at + cut));
        const result = checkText("/m/x.net", text);
        for (const d of result.diagnostics) {
          const source = result.sources.get(d.span.file)!;
          expect(source).toBeDefined();
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(source.text.length);
          expect(d.span.start).toBeLessThanOrEqual(d.span.end);
        }
      },
    ),
    { numRuns: 400, seed: 42 },
  );
});
