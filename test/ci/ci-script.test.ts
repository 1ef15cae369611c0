import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { externalTool } from "../external-tools.js";

/**
 * `.ci/run` is what CI executes: it must install the system packages the tests use (a
 * missing one would make a test fail, see external-tools.ts), then the locked npm
 * dependencies, then run the README's test command.
 */

const script = readFileSync(fileURLToPath(new URL("../../.ci/run", import.meta.url)), "utf8");
/** The script's commands, one per line, without comments, `set`, `cd` and `export` lines. */
const commands = script
  .split("\n")
  .map((line) => line.replace(/#.*$/, "").trim())
  .filter((line) => line !== "" && !/^(set|cd|export)\b/.test(line))
  .flatMap((line) => line.split("&&").map((part) => part.trim()));

describe(".ci/run", () => {
  it("updates apt's lists, installs the six system packages, then npm ci, then npm test", () => {
    expect(commands).toEqual([
      "apt-get update",
      "apt-get install -y --no-install-recommends chromium neovim python3-torch python3-onnx black dataset-fashion-mnist",
      "npm ci",
      "npm test",
    ]);
  });

  it("stops at the first failing command, and sets CI so that no test skips silently", () => {
    expect(script).toMatch(/^set -euo pipefail$/m);
    expect(script).toMatch(/^export CI="\$\{CI:-true\}"$/m);
  });
});

describe("tests that need a program from outside npm", () => {
  const missing = "/usr/bin/chromium not found";
  const install = "apt-get install -y chromium";

  it("fail with the reason when CI is set and the program is missing", () => {
    const tool = externalTool("headless Chromium", missing, install, { CI: "true" });
    expect(tool.skip).toBe(false);
    expect(() => tool.require()).toThrow(
      "CI is set, so this test must run, but headless Chromium: /usr/bin/chromium not found (apt-get install -y chromium)",
    );
  });

  it("skip outside CI, and run wherever the program is there", () => {
    expect(externalTool("headless Chromium", missing, install, {}).skip).toBe(true);
    expect(externalTool("headless Chromium", missing, install, { CI: "false" }).skip).toBe(true);
    const present = externalTool("headless Chromium", undefined, install, { CI: "1" });
    expect(present.skip).toBe(false);
    expect(() => present.require()).not.toThrow();
  });
});
