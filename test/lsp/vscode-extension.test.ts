import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The VS Code extension in editors/vscode, checked without VS Code: its manifest contributes
 * the `netc` language for `.net` files with the repository's one TextMate grammar, and, when
 * the extension's own dependencies are installed (`cd editors/vscode && npm install`), its
 * client compiles against them and the package would ship the language client it requires.
 */

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));
const extensionDir = join(repositoryRoot, "editors/vscode");

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
  };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
const manifest = readJson<Manifest>(join(extensionDir, "package.json"));

describe("editors/vscode manifest", () => {
  it("contributes the netc language for .net files, activated on it, with comment and bracket configuration", () => {
    expect(
      manifest.contributes.languages.map(({ id, extensions }) => ({ id, extensions })),
    ).toEqual([{ id: "netc", extensions: [".net"] }]);
    expect(manifest.activationEvents).toContain("onLanguage:netc");
    const configuration = readJson<{ comments: { lineComment: string }; brackets: string[][] }>(
      join(extensionDir, manifest.contributes.languages[0]!.configuration),
    );
    // The grammar's comment rule and the editor's toggle-comment must agree on `#`.
    const grammar = readJson<{ repository: { comment: { match: string } } }>(
      join(repositoryRoot, "grammar/netc.tmLanguage.json"),
    );
    expect(configuration.comments.lineComment).toBe("#");
    expect(grammar.repository.comment.match.startsWith("#")).toBe(true);
    expect(configuration.brackets).toEqual([
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
    ]);
  });

  it("points its grammar at the copy the build makes of grammar/netc.tmLanguage.json (scope source.netc)", () => {
    expect(manifest.contributes.grammars).toEqual([
      { language: "netc", scopeName: "source.netc", path: "./syntaxes/netc.tmLanguage.json" },
    ]);
    // The copy script writes into editors/vscode/syntaxes/, which is git-ignored.
    execFileSync(process.execPath, ["scripts/copy-grammar.mjs"], {
      cwd: extensionDir,
      stdio: "pipe",
    });
    const copied = readFileSync(join(extensionDir, manifest.contributes.grammars[0]!.path), "utf8");
    expect(copied).toBe(readFileSync(join(repositoryRoot, "grammar/netc.tmLanguage.json"), "utf8"));
    expect((JSON.parse(copied) as { scopeName: string }).scopeName).toBe("source.netc");
  });

  it("ships its runtime dependency: packaging keeps node_modules (no --no-dependencies without a bundler)", () => {
    expect(manifest.dependencies).toHaveProperty("vscode-languageclient");
    expect(manifest.scripts.package).toMatch(/^vsce package /);
    expect(manifest.scripts.package).not.toContain("--no-dependencies");
    expect(manifest.main).toBe("./out/extension.js");
  });
});

const needed = [
  "typescript",
  "@types/vscode",
  "@types/node",
  "vscode-languageclient",
  "@vscode/vsce",
];
const missing = needed.filter(
  (name) => !existsSync(join(extensionDir, "node_modules", name, "package.json")),
);
const skipReason = `editors/vscode/node_modules lacks ${missing.join(", ")} (run \`cd editors/vscode && npm install\`)`;
if (missing.length > 0) console.warn(`skipping the VS Code extension build checks: ${skipReason}`);

describe.skipIf(missing.length > 0)(
  "editors/vscode built against its declared dependencies",
  () => {
    it("compiles src/extension.ts with the extension's TypeScript, @types/vscode and vscode-languageclient", () => {
      // Emits out/extension.js (git-ignored), which the listing below needs.
      const tsc = join(extensionDir, "node_modules/typescript/bin/tsc");
      const result = (() => {
        try {
          return execFileSync(process.execPath, [tsc, "-p", "."], {
            cwd: extensionDir,
            encoding: "utf8",
            stdio: "pipe",
          });
        } catch (error) {
          return `tsc failed: ${(error as { stdout?: string }).stdout ?? String(error)}`;
        }
      })();
      expect(result).toBe("");
      expect(existsSync(join(extensionDir, "out/extension.js"))).toBe(true);
    });

    it("would package the client, the grammar and vscode-languageclient, and no dev dependencies", () => {
      const vsce = join(extensionDir, "node_modules/@vscode/vsce/vsce");
      const files = execFileSync(process.execPath, [vsce, "ls"], {
        cwd: extensionDir,
        encoding: "utf8",
        stdio: "pipe",
      }).split("\n");
      expect(files).toEqual(
        expect.arrayContaining([
          "package.json",
          "language-configuration.json",
          "out/extension.js",
          "syntaxes/netc.tmLanguage.json",
        ]),
      );
      expect(files).toContain("node_modules/vscode-languageclient/node.js");
      expect(files).toContain("node_modules/vscode-jsonrpc/package.json");
      expect(
        files.filter((file) => /^node_modules\/(typescript|@vscode\/vsce|@types)\//.test(file)),
      ).toEqual([]);
      expect(files.filter((file) => file.startsWith("src/") || file.endsWith(".map"))).toEqual([]);
    });
  },
);
