import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { GENERATED_CODE_NAMES, TS_RESERVED_WORDS } from "../../src/codegen/common/escape.js";
import { loopsClassName } from "../../src/codegen/common/package-subject.js";
import { emitPackage } from "../../src/codegen/package.js";
import { identifierFor, modelClassName } from "../../src/codegen/tfjs/naming.js";
import { checkText } from "../../src/semantics/index.js";
import { repoRoot } from "./generated-code.js";

/**
 * GENERATED_CODE_NAMES (src/codegen/common/escape.ts) must hold every name the emitted
 * code declares or refers to, else an identifier derived from a user's name could shadow
 * it. This scans the packages of the zoo's small models, of every train option and of every
 * layer kind (the larger models repeat the same layers),
 * on both backends, and lists any binding or reference that is neither in the set nor
 * derived from a name in the .net file. When an emitter starts using a new name, add it
 * to the set.
 */

const sources = [
  "models/cnn-small.net",
  "models/lenet5-classic.net",
  "models/lenet5.net",
  "models/mlp.net",
  "test/loops/fixtures/every-train-option.net",
  "test/security/fixtures/every-layer.net",
];

/** Identifiers that name bindings (declarations and references), not members of objects or types. */
function bindingNames(fileName: string, text: string): Set<string> {
  const names = new Set<string>();
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const isMemberName = (node: ts.Identifier): boolean => {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
    if (ts.isQualifiedName(parent)) return parent.right === node;
    if (
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isEnumMember(parent)
    )
      return parent.name === node;
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && !isMemberName(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

describe("the generated code's own names", () => {
  it("every name the emitters write is in GENERATED_CODE_NAMES or derived from the .net file", async () => {
    const unknown = new Map<string, string>();
    for (const file of sources) {
      const text = readFileSync(path.join(repoRoot, file), "utf8");
      const { program, diagnostics } = checkText(file, text);
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const derived = new Set<string>();
      for (const model of program.models) {
        derived.add(model.name).add(loopsClassName(model.name)).add(modelClassName(model));
        for (const node of model.nodes) derived.add(identifierFor(node.id));
      }
      for (const modelName of new Set(program.models.map((m) => m.name))) {
        for (const backend of ["loops", "tfjs"] as const) {
          const files = await emitPackage(program, modelName, backend, {
            sourcePath: file,
            sourceText: text,
          });
          for (const [name, code] of files) {
            if (!name.endsWith(".ts")) continue;
            for (const used of bindingNames(name, code)) {
              if (derived.has(used) || GENERATED_CODE_NAMES.has(used)) continue;
              if (TS_RESERVED_WORDS.has(used)) continue;
              unknown.set(used, `${file} ${modelName} ${backend} ${name}`);
            }
          }
        }
      }
    }
    expect(Object.fromEntries(unknown)).toEqual({});
  });
});
