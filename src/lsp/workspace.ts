import path from "node:path";
import type { TextDocuments } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, parseOnly, type Analysis } from "./frontend.js";
import { DocumentPaths } from "./paths.js";
import { ShapeIndex } from "./shape-index.js";
import type { SourceFileNode } from "../syntax/ast.js";
import { isInside, readSourceFile, type SourceRefusal } from "../semantics/source-files.js";

export interface DocumentState {
  uri: string;
  version: number;
  analysis: Analysis;
  shapes: ShapeIndex;
}

/**
 * The open documents and their latest analyses. Unsaved text wins: when the checker
 * reads an import that is open in the editor, it gets the editor's text, not the disk's.
 * Files on disk are read under the rules of semantics/source-files.ts (.net files only,
 * regular files of at most 1 MiB, inside the project root once symbolic links are
 * resolved), as soon as a document is opened; the root is the workspace folder that
 * holds the document, else the document's folder. A document that is not a file on disk
 * (`untitled:`) imports nothing.
 * An analysis is computed on demand and cached per document version, so a request
 * never sees a result older than the text it is about.
 */
export class Workspace {
  readonly paths = new DocumentPaths();
  private readonly states = new Map<string, DocumentState>();
  /** The client's workspace folders (file system paths), from `initialize`. */
  private roots: string[] = [];

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly log: (message: string) => void,
  ) {}

  document(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  setWorkspaceFolders(uris: readonly string[]): void {
    this.roots = uris.filter((uri) => uri.startsWith("file:")).map((uri) => this.paths.pathOf(uri));
  }

  /** The project root of a document: the innermost workspace folder holding it, else its folder. */
  rootOf(file: string): string {
    const holding = this.roots.filter((root) => isInside(root, file));
    return holding.sort((a, b) => b.length - a.length)[0] ?? path.dirname(file);
  }

  /** The file system as the checker sees it from `root`: open documents first, then the disk. */
  private reader(root: string | undefined): (file: string) => string | SourceRefusal {
    return (file) => {
      if (root === undefined) return { refused: "missing" };
      const open = this.documents.get(this.paths.uriOf(file));
      if (open !== undefined) return open.getText();
      if (isUri(file)) return { refused: "missing" };
      return readSourceFile(file, root);
    };
  }

  /** The analysis of an open document at its current version, or undefined for an unknown URI. */
  state(uri: string): DocumentState | undefined {
    const document = this.documents.get(uri);
    if (document === undefined) return undefined;
    const cached = this.states.get(uri);
    if (cached !== undefined && cached.version === document.version) return cached;
    const file = this.paths.pathOf(uri);
    // A document that is no file on disk has no folder to import from.
    const root = isUri(file) ? undefined : this.rootOf(file);
    const analysis = analyze(file, document.getText(), {
      readFile: this.reader(root),
      ...(root !== undefined ? { root } : {}),
    });
    const state: DocumentState = {
      uri,
      version: document.version,
      analysis,
      shapes: new ShapeIndex(analysis.program, analysis.nodes),
    };
    this.states.set(uri, state);
    return state;
  }

  forget(uri: string): void {
    this.states.delete(uri);
  }

  /** Open documents whose last analysis read `path` (they import it), other than `path` itself. */
  dependentsOf(uri: string): string[] {
    const file = this.paths.pathOf(uri);
    const dependents: string[] = [];
    for (const [otherUri, state] of this.states) {
      if (otherUri !== uri && state.analysis.files.has(file)) dependents.push(otherUri);
    }
    return dependents;
  }

  /** Syntax trees of every file relevant to a document: its program's files and the other open documents. */
  syntaxTrees(state: DocumentState): SourceFileNode[] {
    const trees = new Map(state.analysis.files);
    if (state.analysis.file !== undefined) trees.set(state.analysis.path, state.analysis.file);
    for (const document of this.documents.all()) {
      const file = this.paths.pathOf(document.uri);
      if (trees.has(file)) continue;
      try {
        trees.set(file, parseOnly(file, document.getText()));
      } catch (error) {
        this.log(`netc lsp: parsing ${document.uri} failed: ${describe(error)}`);
      }
    }
    return [...trees.values()];
  }
}

/** A path that is still a URI (`untitled:…`): the document is not a file on disk. */
function isUri(file: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(file) && !/^[A-Za-z]:[\\/]/.test(file);
}

export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
