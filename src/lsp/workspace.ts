import { readFileSync } from "node:fs";
import type { TextDocuments } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, parseOnly, type Analysis } from "./frontend.js";
import { DocumentPaths } from "./paths.js";
import { ShapeIndex } from "./shape-index.js";
import type { SourceFileNode } from "../syntax/ast.js";

export interface DocumentState {
  uri: string;
  version: number;
  analysis: Analysis;
  shapes: ShapeIndex;
}

/**
 * The open documents and their latest analyses. Unsaved text wins: when the checker
 * reads an import that is open in the editor, it gets the editor's text, not the disk's.
 * An analysis is computed on demand and cached per document version, so a request
 * never sees a result older than the text it is about.
 */
export class Workspace {
  readonly paths = new DocumentPaths();
  private readonly states = new Map<string, DocumentState>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly log: (message: string) => void,
  ) {}

  document(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** The file system as the checker sees it: open documents first, then the disk. */
  readFile = (path: string): string | undefined => {
    const open = this.documents.get(this.paths.uriOf(path));
    if (open !== undefined) return open.getText();
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path) && !/^[A-Za-z]:[\\/]/.test(path)) return undefined;
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  };

  /** The analysis of an open document at its current version, or undefined for an unknown URI. */
  state(uri: string): DocumentState | undefined {
    const document = this.documents.get(uri);
    if (document === undefined) return undefined;
    const cached = this.states.get(uri);
    if (cached !== undefined && cached.version === document.version) return cached;
    const path = this.paths.pathOf(uri);
    const analysis = analyze(path, document.getText(), { readFile: this.readFile });
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
    const path = this.paths.pathOf(uri);
    const dependents: string[] = [];
    for (const [otherUri, state] of this.states) {
      if (otherUri !== uri && state.analysis.files.has(path)) dependents.push(otherUri);
    }
    return dependents;
  }

  /** Syntax trees of every file relevant to a document: its program's files and the other open documents. */
  syntaxTrees(state: DocumentState): SourceFileNode[] {
    const trees = new Map(state.analysis.files);
    if (state.analysis.file !== undefined) trees.set(state.analysis.path, state.analysis.file);
    for (const document of this.documents.all()) {
      const path = this.paths.pathOf(document.uri);
      if (trees.has(path)) continue;
      try {
        trees.set(path, parseOnly(path, document.getText()));
      } catch (error) {
        this.log(`netc lsp: parsing ${document.uri} failed: ${describe(error)}`);
      }
    }
    return [...trees.values()];
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
