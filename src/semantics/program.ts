import * as path from "node:path";
import { DiagnosticBag } from "../diagnostics/diagnostic.js";
import { type DiagnosticDefinition, Diagnostics } from "../diagnostics/messages.js";
import { type Span, SourceText } from "../diagnostics/span.js";
import type {
  BlockDeclaration,
  ModelDeclaration,
  SourceFileNode,
  TrainDeclaration,
} from "../syntax/ast.js";
import { parseSource } from "../syntax/index.js";
import {
  describeRefusal,
  isInside,
  isNetPath,
  isRefusal,
  MAX_SOURCE_BYTES,
  type SourceRefusal,
} from "./source-files.js";

/**
 * Where source text comes from. The CLI reads the disk; the language server answers with
 * its unsaved documents first. `undefined` means the file cannot be read; a refusal
 * (source-files.ts) says why it was not read.
 */
export interface SourceHost {
  readFile(path: string): string | undefined | SourceRefusal;
  /**
   * The project root: no import may lead outside it. Default: the entry file's folder.
   * (A host that reads the disk also resolves symbolic links against it: source-files.ts.)
   */
  root?: string;
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
  const root = host.root ?? path.dirname(entryPath);

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
      const refusal = importRefusal(decl.path.value, target, root);
      if (refusal !== undefined) {
        diagnostics.report(refusal.kind, decl.path.span, [printable(decl.path.value)], {
          help: refusal.help,
          notes: refusal.notes,
        });
        continue;
      }
      const imported = host.readFile(target);
      if (imported === undefined || isRefusal(imported)) {
        reportUnreadable(diagnostics, decl.path, imported ?? { refused: "missing" }, target);
        continue;
      }
      visit(target, imported);
    }
    stack.pop();
    order.push(file);
  };

  const entryText = host.readFile(entryPath);
  if (entryText === undefined || isRefusal(entryText)) {
    const source = new SourceText(entryPath, "");
    program.sources.set(entryPath, source);
    const reason = describeRefusal(entryText ?? { refused: "missing" });
    diagnostics.report(Diagnostics.ImportNotFound, source.span(0, 0), [entryPath, reason], {
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

/**
 * The rules an import must pass before any file is touched: a .net file, named by a
 * relative path that stays inside the project root.
 */
function importRefusal(
  written: string,
  target: string,
  root: string,
): { kind: DiagnosticDefinition; help: string; notes: string[] } | undefined {
  if (!isNetPath(written)) {
    return {
      kind: Diagnostics.ImportNotNet,
      help: "import the .net file that declares the models or blocks you need",
      notes: ["netc reads only .net files as source"],
    };
  }
  if (path.isAbsolute(written) || /^[A-Za-z]:/.test(written) || !isInside(root, target)) {
    return {
      kind: Diagnostics.ImportOutsideRoot,
      help: "import paths are relative to the importing file and stay inside the project: move the file into the project, or name a wider root with --root",
      notes: [`the project root is ${root}`],
    };
  }
  return undefined;
}

/** An import that passed the rules but was not read: missing, not a regular file, too large, … */
function reportUnreadable(
  diagnostics: DiagnosticBag,
  written: { value: string; span: Span },
  refusal: SourceRefusal,
  target: string,
): void {
  const quoted = printable(written.value);
  switch (refusal.refused) {
    case "not-a-file":
      diagnostics.report(Diagnostics.ImportNotRegularFile, written.span, [quoted, refusal.what], {
        help: "import a .net file; devices, FIFOs, sockets and folders are never read",
      });
      return;
    case "too-large":
      diagnostics.report(Diagnostics.ImportTooLarge, written.span, [quoted, sizeLimit()], {
        help: "split it into smaller files that import each other",
      });
      return;
    case "outside-root":
      diagnostics.report(Diagnostics.ImportOutsideRoot, written.span, [quoted], {
        notes: ["it is a symbolic link (or lies below one) that leads out of the project"],
        help: "import the file from inside the project, or name a wider root with --root",
      });
      return;
    default:
      diagnostics.report(
        Diagnostics.ImportNotFound,
        written.span,
        [quoted, describeRefusal(refusal)],
        {
          notes: [`looked for ${target}`],
          help: "import paths are relative to the importing file; check the name and the folder",
        },
      );
  }
}

/** "1 MiB (1,048,576 bytes)" */
function sizeLimit(): string {
  return `${MAX_SOURCE_BYTES / (1024 * 1024)} MiB (${MAX_SOURCE_BYTES.toLocaleString("en-US")} bytes)`;
}

/** The import as the user wrote it, with control and line-breaking characters made visible. */
function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u{${c.charCodeAt(0).toString(16)}}`,
  );
}
