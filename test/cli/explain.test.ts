import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diagnosticsMarkdown } from "../../src/diagnostics/diagnostics-table.js";
import { allDiagnosticDefinitions } from "../../src/diagnostics/messages.js";
import { explain, findDefinition, renderExplanation } from "../../src/cli/explain.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("netc explain", () => {
  it("finds codes written in full, in lower case or as a bare number", () => {
    expect(["NET0301", "net0301", "301", "0301"].map((c) => findDefinition(c)?.code)).toEqual([
      "NET0301",
      "NET0301",
      "NET0301",
      "NET0301",
    ]);
    expect(findDefinition("NET9999")).toBeUndefined();
  });

  it("shows the summary, the golden example without its expectation comments, the report and the fixed text", () => {
    const text = renderExplanation(explain(findDefinition("NET0303")!));
    expect(
      text.startsWith(
        "NET0303 (error): A dense layer after a layer whose output is not one-dimensional.\n\nMessage: dense expects a flat input, found …\n",
      ),
    ).toBe(true);
    expect(text).toContain(
      "Example (net0303-dense-on-non-flat.net):\n\n    # NET0303: dense needs a flat input (the fix inserts flatten)\n    model M {\n",
    );
    expect(text).not.toMatch(/#\s+\^/);
    expect(text).toContain(
      "    error[NET0303]: dense expects a flat input, found [6, 28, 28]\n     --> net0303-dense-on-non-flat.net:5:3\n",
    );
    expect(text).toContain(
      "With the suggested fix applied:\n\n    # NET0303: dense needs a flat input (the fix inserts flatten)\n    model M {\n      input [1, 28, 28]\n      conv2d(6, 5, pad=2) -> relu\n      flatten -> dense(10)\n    }\n",
    );
  });

  it("has a golden example that triggers its own code for every code netc defines", () => {
    for (const definition of allDiagnosticDefinitions) {
      const { example } = explain(definition);
      expect(example?.rendered ?? "", definition.code).toContain(`[${definition.code}]`);
    }
  });

  it("works from the command line, and exits 2 for an unknown code", () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [path.join(root, "bin/netc.js"), ...args], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
    const ok = run(["explain", "104"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("NET0104 (error): A bracket or brace is not closed.");
    expect(ok.stdout).toContain("= help: add '}' after line 4");
    const bad = run(["explain", "NET9999"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      "netc: error: unknown diagnostic code 'NET9999'; codes look like NET0104 (see docs/diagnostics.md)\n",
    );
  });
});

describe("docs/diagnostics.md", () => {
  it("is in sync with messages.ts (run `npm run docs` after adding a diagnostic)", () => {
    expect(readFileSync(path.join(root, "docs/diagnostics.md"), "utf8")).toBe(
      diagnosticsMarkdown(),
    );
  });

  it("has one row per code, in order", () => {
    const codes = [...diagnosticsMarkdown().matchAll(/^\| (NET\d{4}) \|/gm)].map((m) => m[1]);
    expect(codes).toEqual(allDiagnosticDefinitions.map((d) => d.code));
  });
});
