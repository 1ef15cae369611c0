import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect } from "vitest";
import { emitPackage, type Backend } from "../../src/codegen/package.js";
import { checkText } from "../../src/semantics/index.js";

/**
 * What the security tests share: building packages from .net text, comparing a package
 * built from hostile text with the same package built from benign text, and running the
 * real command line.
 */

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const bin = path.join(repoRoot, "bin/netc.js");

/** `text` as a .net string literal (the language's escapes are \" \\ \n \t; CR cannot be written). */
export function netString(text: string): string {
  return `"${text
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n")
    .replace(/\t/g, "\\t")}"`;
}

/** Checks .net text (which must have no errors) and emits one model's package. */
export async function packageOf(
  file: string,
  text: string,
  model: string,
  backend: Backend,
): Promise<Map<string, string>> {
  const checked = checkText(file, text);
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return emitPackage(checked.program, model, backend, {
    sourcePath: file,
    sourceText: new Map([[file, text]]),
  });
}

/**
 * The shape of a TypeScript file with its literal and comment text left out: the kind of
 * every syntax node in order (numbers with their value), and every identifier.
 */
export function structureOf(
  fileName: string,
  text: string,
): { nodes: string[]; identifiers: string[] } {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false);
  const nodes: string[] = [];
  const identifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      nodes.push("Identifier");
      identifiers.push(node.text);
    } else if (ts.isNumericLiteral(node)) {
      nodes.push(`Number ${node.text}`);
    } else {
      nodes.push(ts.SyntaxKind[node.kind]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const parseErrors = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  expect(
    parseErrors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")),
    `${fileName} parses`,
  ).toEqual([]);
  return { nodes, identifiers };
}

/**
 * Asserts that the package built from hostile text is the package built from benign text
 * up to the contents of literals and comments and a consistent renaming of identifiers:
 * the same files, the same syntax nodes in the same order (no statement, call or
 * operator more or less), and identifiers that correspond one to one (no user-derived
 * name captures another or a name of the generated code). So the user text reached the
 * code only inside literals and comments (or as safely derived identifiers).
 */
export function expectSameProgram(
  benign: ReadonlyMap<string, string>,
  hostile: ReadonlyMap<string, string>,
): void {
  expect([...hostile.keys()].sort()).toEqual([...benign.keys()].sort());
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  for (const [name, benignText] of benign) {
    if (!name.endsWith(".ts")) continue;
    const a = structureOf(name, benignText);
    const b = structureOf(name, hostile.get(name)!);
    expect(b.nodes.length, `${name}: node count`).toBe(a.nodes.length);
    const firstDifference = a.nodes.findIndex((kind, i) => b.nodes[i] !== kind);
    expect(firstDifference, `${name}: first differing node`).toBe(-1);
    a.identifiers.forEach((from, i) => {
      const to = b.identifiers[i]!;
      const mapped = forward.get(from);
      const back = backward.get(to);
      if (mapped !== undefined && mapped !== to)
        expect.fail(`${name}: identifier ${from} became both ${mapped} and ${to}`);
      if (back !== undefined && back !== from)
        expect.fail(`${name}: identifiers ${back} and ${from} both became ${to}`);
      forward.set(from, to);
      backward.set(to, from);
    });
  }
}

/** Builds dist/ (what bin/netc.js runs) when a source file is newer than it. */
export function ensureBuilt(): void {
  const main = path.join(repoRoot, "dist/cli/main.js");
  const sources = readdirSync(path.join(repoRoot, "src"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  if (existsSync(main) && statSync(main).mtimeMs >= Math.max(...sources)) return;
  const built = spawnSync(
    process.execPath,
    [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    { cwd: repoRoot, encoding: "utf8" },
  );
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
}

/** Runs `node bin/netc.js args…` and returns its exit status and output. */
export function netc(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {},
): { code: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: "utf8",
    timeout: options.timeout ?? 120_000,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...options.env },
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    signal: result.signal,
  };
}
