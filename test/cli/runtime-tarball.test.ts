import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runtimeTarball } from "../../src/cli/runtime-tarball.js";
import { tarGz } from "../../src/cli/tarball.js";
import {
  RUNTIME_DEPENDENCIES,
  TFJS_DEPENDENCIES,
  TFJS_GPU_DEPENDENCY,
} from "../../src/codegen/toolchain.js";

/**
 * The runtime tarball `netc compile` writes beside a generated package: a valid archive
 * (read back by the system's tar), the same bytes every time, holding dist/runtime's
 * JavaScript and declarations, and a package.json whose dependencies cover every package
 * the runtime imports (a new import not listed here would break installed packages only).
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "netc-tarball-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tar(args: string[], archive: Buffer): string {
  const file = path.join(work, `archive-${Math.random().toString(36).slice(2)}.tgz`);
  writeFileSync(file, archive);
  const result = spawnSync("tar", [...args, file], { cwd: work, encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe("tarGz", () => {
  it("writes an archive the system's tar reads: names up to 255 bytes, contents, mode 0644, npm's fixed time", () => {
    const long = `package/${"deep/".repeat(25)}file.js`; // 140 bytes: prefix + name
    const archive = tarGz(
      new Map<string, string | Uint8Array>([
        ["package/a.txt", "hello\n"],
        [long, Uint8Array.of(0, 1, 2, 255)],
        ["package/empty", ""],
      ]),
    );
    expect(tar(["-tzf"], archive).trim().split("\n")).toEqual([
      "package/a.txt",
      long,
      "package/empty",
    ]);
    expect(tar(["-tvzf"], archive)).toMatch(
      /^-rw-r--r-- 0\/0 +6 1985-10-26 \d\d:\d\d package\/a\.txt$/m,
    );
    expect(tar(["-xzOf"], archive).startsWith("hello\n")).toBe(true);
  });

  it("gives the same bytes for the same files", () => {
    const files = new Map([["package/x", "1"]]);
    expect(tarGz(files).equals(tarGz(files))).toBe(true);
  });
});

describe("the runtime tarball", () => {
  const { name, bytes } = runtimeTarball();
  const listing = tar(["-tzf"], bytes).trim().split("\n");

  it("is named after netc's version and is the same bytes every time", () => {
    const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      version: string;
    };
    expect(name).toBe(`netc-runtime-${version}.tgz`);
    expect(runtimeTarball().bytes.equals(bytes)).toBe(true);
  });

  it("holds dist/runtime's .js and .d.ts files (no source maps), a README and package.json", () => {
    expect(listing.slice(0, 2)).toEqual(["package/package.json", "package/README.md"]);
    for (const file of ["index.js", "index.d.ts", "browser.js", "tfjs/index.js", "tfjs/index.d.ts"])
      expect(listing).toContain(`package/dist/runtime/${file}`);
    expect(listing.filter((file) => file.endsWith(".map"))).toEqual([]);
    expect(extract(bytes, "package/dist/runtime/tfjs/index.js")).toBe(
      readFileSync(path.join(root, "dist/runtime/tfjs/index.js"), "utf8"),
    );
  });

  it("lists every package the runtime imports, at netc's own versions", () => {
    const imported = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith(".ts")) {
          const code = readFileSync(file, "utf8");
          for (const [, specifier] of code.matchAll(/(?:from|import\()\s*"([^".][^"]*)"/g))
            imported.add(
              specifier!.startsWith("@")
                ? specifier!.split("/").slice(0, 2).join("/")
                : specifier!.split("/")[0]!,
            );
        }
      }
    };
    walk(path.join(root, "src/runtime"));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const listed = new Set<string>([
      ...RUNTIME_DEPENDENCIES,
      ...TFJS_DEPENDENCIES,
      TFJS_GPU_DEPENDENCY,
    ]);
    expect([...imported].filter((name) => !builtins.has(name) && !listed.has(name))).toEqual([]);

    const manifest = JSON.parse(extract(bytes, "package/package.json")) as {
      name: string;
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    const netc = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.name).toBe("netc");
    for (const dependency of RUNTIME_DEPENDENCIES)
      expect(manifest.dependencies[dependency]).toBe(netc.dependencies[dependency]);
    for (const dependency of TFJS_DEPENDENCIES)
      expect(manifest.peerDependencies[dependency]).toBe(netc.dependencies[dependency]);
  });
});

/** One member of the archive, as the system's tar extracts it. */
function extract(archive: Buffer, member: string): string {
  const file = path.join(work, "extract.tgz");
  writeFileSync(file, archive);
  const result = spawnSync("tar", ["-xzOf", file, member], { encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}
