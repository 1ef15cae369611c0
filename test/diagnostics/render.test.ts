import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../../src/diagnostics/render-terminal.js";
import { checkProgram } from "../../src/semantics/index.js";

/**
 * Rendered-output snapshots: what `netc check` prints for a few fixtures, without colour,
 * kept as files under test/fixtures/rendered/ so a change in layout or wording shows up
 * as a readable diff (`npx vitest run -u` accepts a deliberate change).
 */

const fixturesDir = fileURLToPath(new URL("../fixtures/diagnostics/", import.meta.url));

function render(name: string, color: boolean): string {
  const file = path.join(fixturesDir, name);
  const result = checkProgram(file, {
    readFile: (p) => {
      try {
        return readFileSync(p, "utf8");
      } catch {
        return undefined;
      }
    },
  });
  // Paths as a user in the repository would see them, independent of where it is checked out.
  const displayPath = (f: string) => path.relative(path.join(fixturesDir, "../../.."), f);
  return renderDiagnostics(result.diagnostics, { color, sources: result.sources, displayPath });
}

const snapshots = [
  "three-mistakes.net",
  "net0301-non-whole-output.net",
  "net0303-dense-on-non-flat.net",
  "net0204-duplicate-argument.net",
  "net0102-unexpected-token.net",
  "net0104-unclosed-brace.net",
  "net0602-import-cycle.net",
];

describe("terminal rendering of fixtures", () => {
  it.each(snapshots)("%s", async (name) => {
    await expect(render(name, false)).toMatchFileSnapshot(
      `../fixtures/rendered/${name.replace(/\.net$/, ".txt")}`,
    );
  });

  it("colours the same output when asked, and only then", () => {
    const plain = render("three-mistakes.net", false);
    const coloured = render("three-mistakes.net", true);
    expect(plain).not.toContain("\u001b[");
    expect(coloured).toContain("\u001b[31m\u001b[1merror[NET0301]");
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(plain);
  });
});
