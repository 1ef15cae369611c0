import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The generated package installs and trains outside this repository exactly as its README
 * says. It once depended on `netc@^0.1.0`, which is not on the npm registry, so the README's
 * `npm install` failed with a 404. Here the package is compiled, copied to a fresh
 * temporary folder (nothing of this checkout is reachable from there), and the README's
 * commands run there with npm: install (from the registry and the runtime tarball netc
 * writes beside the package), then one epoch on 1,000 samples.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");
const work = mkdtempSync(path.join(tmpdir(), "netc-installable-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The commands of the README's first ```sh block, comments removed. */
function readmeCommands(readme: string): string[] {
  const block = /```sh\n([\s\S]*?)```/.exec(readme);
  if (block === null) throw new Error("the README has no ```sh block");
  return block[1]!
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "");
}

function sh(command: string, cwd: string) {
  const result = spawnSync(command, {
    cwd,
    shell: true,
    encoding: "utf8",
    timeout: 600_000,
    env: {
      ...process.env,
      NO_COLOR: "1",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.each(["loops", "tfjs"] as const)("the generated %s package", (backend) => {
  it("installs and trains one epoch in a folder outside the repository, as its README says", () => {
    const compiled = path.join(work, `compiled-${backend}`);
    const compile = spawnSync(
      process.execPath,
      [bin, "compile", "models/mlp.net", "--backend", backend, "--out", compiled],
      { cwd: root, encoding: "utf8" },
    );
    expect(compile.status, compile.stderr).toBe(0);
    const tarball = readdirSync(compiled).find((name) => name.endsWith(".tgz"));
    expect(tarball).toMatch(/^netc-runtime-\d+\.\d+\.\d+\.tgz$/);
    const manifest = JSON.parse(readFileSync(path.join(compiled, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies.netc).toBe(`file:${tarball}`);

    const elsewhere = mkdtempSync(path.join(tmpdir(), `netc-package-${backend}-`));
    try {
      cpSync(compiled, elsewhere, { recursive: true });
      const commands = readmeCommands(readFileSync(path.join(elsewhere, "README.md"), "utf8"));
      expect(commands).toEqual([
        "npm install",
        "npm run train -- --epochs 1 --limit 1000",
        "npm run train",
      ]);
      const install = sh(commands[0]!, elsewhere);
      expect(install.code, install.stderr).toBe(0);
      const train = sh(commands[1]!, elsewhere);
      expect(train.code, train.stderr).toBe(0);
      // one epoch of the MLP on 1,000 digits, tested on the 2,000 held-out ones
      const accuracy = /^test accuracy ([\d.]+)%/m.exec(train.stdout)?.[1];
      expect(accuracy, train.stdout).toBeDefined();
      expect(Number(accuracy)).toBeGreaterThan(70);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  }, 900_000);
});
