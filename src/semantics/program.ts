import * as path from "node:path";
import { DiagnosticBag } from "../diagnostics/diagnostic.js";
import { Diagnostics } from "../diagnostics/messages.js";
import { SourceText } from "../diagnostics/span.js";
import type {
  BlockDeclaration,
  ModelDeclaration,
  SourceFileNode,
  TrainDeclaration,
} from "../syntax/ast.js";
import { parseSource } from "../syntax/index.js";

/**
 * Where source text comes from. The CLI reads the disk; the language server answers with
 * its unsaved documents first. `undefined` means the file cannot be read.
 */
export interface SourceHost {
  readFile(path: string): string | undefined;
}

/** Every file reachable from the entry through imports, and the declarations they make. */
export interface LoadedProgram {
  sources: Map<string, SourceText>;
  files: Map<string, SourceFileNode>;
  models: Map<string, ModelDeclaration>;
  blocks: Map<string, BlockDeclaration>;
  trains: TrainDeclaration[];
}

/** `import "x.net"` is relative to the importing file. */
export function resolveImport(importer: string, target: string): string {
  return path.normalize(path.join(path.dirname(importer), target));
}

/**
 * Parse the entry file and, depth first, every file it imports (each once). Reports
 * NET0601 for unreadable imports and NET0602 for cycles (at the import that closes the
 * cycle), and NET0209 for models or blocks defined twice anywhere in the program.
 */
export function loadProgram(
  entryPath: string,
  host: SourceHost,
  diagnostics: DiagnosticBag,
): LoadedProgram {
  const program: LoadedProgram = {
    sources: new Map(),
    files: new Map(),
    models: new Map(),
    blocks: new Map(),
    trains: [],
  };
  const stack: string[] = [];
  const order: string[] = [];

  const visit = (file: string, text: string) => {
    const parsed = parseSource(file, text);
    program.sources.set(file, parsed.source);
    program.files.set(file, parsed.file);
    diagnostics.add(...parsed.diagnostics);
    stack.push(file);
    for (const decl of parsed.file.declarations) {
      if (decl.kind !== "ImportDeclaration" || decl.path === undefined) continue;
      const target = resolveImport(file, decl.path.value);
      const onStack = stack.indexOf(target);
      if (onStack >= 0) {
        const cycle = [...stack.slice(onStack), target].map((f) => path.basename(f)).join(" → ");
        diagnostics.report(Diagnostics.ImportCycle, decl.path.span, [cycle], {
          help: "move the declarations both files need into a third file that both import",
        });
        continue;
      }
      if (program.files.has(target)) continue;
      const imported = host.readFile(target);
      if (imported === undefined) {
        diagnostics.report(
          Diagnostics.ImportNotFound,
          decl.path.span,
          [decl.path.value, "no such file"],
          {
            notes: [`looked for ${target}`],
            help: "import paths are relative to the importing file; check the name and the folder",
          },
        );
        continue;
      }
      visit(target, imported);
    }
    stack.pop();
    order.push(file);
  };

  const entryText = host.readFile(entryPath);
  if (entryText === undefined) {
    const source = new SourceText(entryPath, "");
    program.sources.set(entryPath, source);
    diagnostics.report(Diagnostics.ImportNotFound, source.span(0, 0), [entryPath, "no such file"], {
      help: "check the path; it is relative to the current directory",
    });
    return program;
  }
  visit(entryPath, entryText);

  // Declarations in a stable order: imported files first (depth-first post-order), then the entry.
  for (const file of order) {
    for (const decl of program.files.get(file)!.declarations) {
      if (decl.kind === "TrainDeclaration") {
        program.trains.push(decl);
        continue;
      }
      if (decl.kind !== "ModelDeclaration" && decl.kind !== "BlockDeclaration") continue;
      if (decl.name === undefined) continue;
      const name = decl.name.name;
      const previous = program.models.get(name) ?? program.blocks.get(name);
      if (previous !== undefined) {
        diagnostics.report(Diagnostics.DuplicateDefinition, decl.name.span, [name], {
          labels: [{ span: previous.name.span, message: "first defined here" }],
          help: "models and blocks share one namespace (imports included); rename one of them",
        });
        continue;
      }
      if (decl.kind === "ModelDeclaration") program.models.set(name, decl);
      else program.blocks.set(name, decl);
    }
  }
  return program;
}
