import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The passes depend on each other in one direction: syntax → semantics → IR → codegen.
 * Layer definitions, semantics, the language server and the graph never load an emitter,
 * and no emitter reaches back into semantics. Read from the sources' imports (static,
 * re-exports and dynamic), resolved to files.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const src = join(root, "src");

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** "src/…" paths, as the rules below speak of them. */
const name = (path: string) => relative(root, path).split("\\").join("/");

/** The src files a file imports (relative specifiers; `x.js` is the source `x.ts`). */
function importsOf(path: string): string[] {
  const info = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => resolve(dirname(path), specifier).replace(/\.js$/, ".ts"));
}

const files = sourceFiles(src);
const graph = new Map(files.map((file) => [name(file), importsOf(file).map(name)]));

/** Every file reachable from `entry` through imports, the entry included. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...(graph.get(file) ?? []));
  }
  return seen;
}

const isCodegen = (file: string) => file.startsWith("src/codegen/");
/** A layer kind's backend code: anything in its folder but its definition and its cases. */
const isKindBackend = (file: string) =>
  /^src\/layers\/[^/]+\/[^/]+\.ts$/.test(file) &&
  !file.startsWith("src/layers/shared/") &&
  !/\/(definition|cases)\.ts$/.test(file);
/** Emitters: the backends' code in src/codegen/ and in the kinds' folders. */
const isEmitter = (file: string) => isCodegen(file) || isKindBackend(file);
const isDefinitionSide = (file: string) =>
  /^src\/layers\/[^/]+\/definition\.ts$/.test(file) ||
  file.startsWith("src/layers/shared/") ||
  file === "src/layers/definitions.ts";

/** Imports from a file matching `from` to a file matching `to`, as "a → b" lines. */
function edges(from: (file: string) => boolean, to: (file: string) => boolean): string[] {
  return [...graph].flatMap(([file, imports]) =>
    from(file) ? imports.filter(to).map((target) => `${file} → ${target}`) : [],
  );
}

describe("the import graph of src/", () => {
  it("is read: every kind's files and every pass are in it", () => {
    expect(graph.get("src/layers/definitions.ts")).toContain("src/layers/conv2d/definition.ts");
    for (const backend of ["loops", "tfjs", "pytorch", "wasm", "onnx"])
      expect(graph.get(`src/codegen/${backend}/registry.ts`)).toContain(
        `src/layers/conv2d/${backend}.ts`,
      );
    expect(edges(isCodegen, (f) => f.startsWith("src/layers/")).length).toBeGreaterThan(20);
  });

  it("nothing in semantics, the layer definitions, the language server or the graph imports codegen", () => {
    const front = (file: string) =>
      file.startsWith("src/semantics/") ||
      isDefinitionSide(file) ||
      file.startsWith("src/lsp/") ||
      file.startsWith("src/graph/");
    expect(edges(front, isCodegen)).toEqual([]);
  });

  it("no emitter imports semantics", () => {
    expect(edges(isEmitter, (f) => f.startsWith("src/semantics/"))).toEqual([]);
  });

  it("layer definitions import only the IR, diagnostics and the definitions' shared helpers", () => {
    const allowed = (f: string) =>
      f.startsWith("src/ir/") || f.startsWith("src/diagnostics/") || isDefinitionSide(f);
    expect(edges(isDefinitionSide, (f) => !allowed(f))).toEqual([]);
  });

  it("the language server, the graph and the checker load no emitter", () => {
    for (const entry of ["src/lsp/main.ts", "src/graph/index.ts", "src/semantics/index.ts"]) {
      const loaded = closure(entry);
      expect(loaded.size, entry).toBeGreaterThan(10);
      expect([...loaded].filter(isEmitter), entry).toEqual([]);
    }
  });

  it("would see an emitter the language server loaded", () => {
    // the rule's own check, on a module whose graph does hold emitters: the CLI's
    expect([...closure("src/cli/main.ts")].filter(isEmitter).length).toBeGreaterThan(20);
  });
});
