import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../src/semantics/index.js";
import { confinedSourceHost } from "../../src/semantics/source-files.js";

/**
 * The front end's promise (issue 2): every malformed file yields diagnostics that explain
 * and suggest. Every error in every golden fixture must carry a help line; warnings and
 * infos must carry a help line or at least one note.
 */

const fixturesDir = fileURLToPath(new URL("../fixtures/diagnostics/", import.meta.url));
const fixtures = readdirSync(fixturesDir)
  .filter((name) => name.endsWith(".net"))
  .sort();

describe("every diagnostic explains itself", () => {
  it.each(fixtures)("%s", (name) => {
    // read as the command line reads: confined to the fixtures' folder
    const result = checkProgram(path.join(fixturesDir, name), confinedSourceHost(fixturesDir));
    expect(result.diagnostics.length).toBeGreaterThan(0);
    const silent = result.diagnostics
      .filter((d) =>
        d.severity === "error" ? !d.help?.trim() : !d.help?.trim() && d.notes.length === 0,
      )
      .map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`);
    expect(silent).toEqual([]);
  });
});
