/**
 * The one place the language server touches the front end's entry points, so a change
 * in their signatures is a change here only. Everything the server knows about
 * layers, shapes and diagnostics comes through these calls.
 */
import { parseSource } from "../syntax/index.js";
import { formatSource } from "../syntax/format.js";
import { checkProgram, type NodeIndex } from "../semantics/index.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SourceText } from "../diagnostics/span.js";
import type { SourceFileNode } from "../syntax/ast.js";
import type { ProgramIR } from "../ir/ir.js";
import type { SourceRefusal } from "../semantics/source-files.js";

export interface FileHost {
  readFile(path: string): string | undefined | SourceRefusal;
  /** The project root no import may leave (semantics/source-files.ts); default: the document's folder. */
  root?: string;
}

/** The checker's view of one program, entered at one document. */
export interface Analysis {
  path: string;
  text: string;
  source: SourceText;
  /** The entry document's syntax tree (possibly partial after syntax errors). */
  file: SourceFileNode | undefined;
  /** Syntax trees of every file the checker read (the entry and its imports), by path. */
  files: ReadonlyMap<string, SourceFileNode>;
  program: ProgramIR | undefined;
  /** The checker's map from source positions to IR nodes (including those of models whose check stopped at an error). */
  nodes: NodeIndex | undefined;
  /** Every diagnostic of the program, in any of its files. */
  diagnostics: readonly Diagnostic[];
}

export function analyze(path: string, text: string, host: FileHost): Analysis {
  const source = new SourceText(path, text);
  const checked = checkProgram(path, {
    readFile: (requested: string) => (requested === path ? text : host.readFile(requested)),
    ...(host.root !== undefined ? { root: host.root } : {}),
  });
  return {
    path,
    text,
    source,
    file: checked.files.get(path),
    files: checked.files,
    program: checked.program,
    nodes: checked.nodes,
    diagnostics: checked.diagnostics,
  };
}

/** Parse one file on its own (for files that are not part of the analysed program). */
export function parseOnly(path: string, text: string): SourceFileNode {
  return parseSource(path, text).file;
}

export function format(
  path: string,
  text: string,
): { text: string; diagnostics: readonly Diagnostic[] } {
  return formatSource(path, text);
}
