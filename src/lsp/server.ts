import {
  createConnection,
  ProposedFeatures,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type ResponseMessage,
  type TextEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { codeActions } from "./code-actions.js";
import { completionsAt } from "./completion.js";
import { toLspDiagnostic } from "./convert.js";
import { ResyncingMessageReader } from "./framing.js";
import { format } from "./frontend.js";
import { hoverAt } from "./hover.js";
import { inlayHints } from "./inlay-hints.js";
import { definitionOf, documentSymbols, referencesOf, targetAt } from "./navigation.js";
import { guard, guardNotification } from "./safe.js";
import { describe, Workspace } from "./workspace.js";

export interface ServerOptions {
  /**
   * Milliseconds to wait after a change before checking; edits arriving meanwhile
   * restart the wait. Checking a 1,000-line file takes a few milliseconds, so the
   * default is small: typing bursts coalesce, yet diagnostics arrive well within 50 ms.
   */
  debounceMs?: number;
}

/**
 * The netc language server on an existing connection: diagnostics on open and change
 * (for the document and every open document importing it), hover, inlay hints,
 * completion, definition, references, document symbols, formatting and quick fixes.
 * Highlighting is left to the TextMate grammar (grammar/netc.tmLanguage.json), which
 * every client this targets supports; no semantic tokens are served.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  let debounceMs = options.debounceMs ?? 5;
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.error(message);
  const workspace = new Workspace(documents, log);
  const timers = new Map<string, NodeJS.Timeout>();

  const publish = (uri: string) => {
    timers.delete(uri);
    try {
      const state = workspace.state(uri);
      if (state === undefined) return;
      const own = state.analysis.diagnostics.filter((d) => d.span.file === state.analysis.path);
      void connection.sendDiagnostics({
        uri,
        version: state.version,
        diagnostics: own.map((d) => toLspDiagnostic(d, workspace.paths)),
      });
    } catch (error) {
      log(`netc lsp: checking ${uri} failed: ${describe(error)}`);
    }
  };

  const schedule = (uri: string) => {
    const pending = timers.get(uri);
    if (pending !== undefined) clearTimeout(pending);
    timers.set(
      uri,
      setTimeout(() => publish(uri), debounceMs),
    );
  };

  const changed = (uri: string) => {
    // Dependents first: their analyses (still of the old text) say who imports this file.
    for (const dependent of workspace.dependentsOf(uri)) {
      workspace.forget(dependent);
      schedule(dependent);
    }
    schedule(uri);
  };

  connection.onInitialize((params): InitializeResult => {
    const requested = (params.initializationOptions as { debounceMs?: unknown } | undefined)
      ?.debounceMs;
    if (typeof requested === "number" && requested >= 0) debounceMs = requested;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["(", ",", "=", " ", ">"] },
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
        inlayHintProvider: true,
      },
      serverInfo: { name: "netc" },
    };
  });

  // TextDocuments raises onDidChangeContent for an open as well as for each change.
  documents.onDidChangeContent(
    guardNotification("didChange", log, (event) => changed(event.document.uri)),
  );
  documents.onDidClose(
    guardNotification("didClose", log, (event) => {
      const uri = event.document.uri;
      const pending = timers.get(uri);
      if (pending !== undefined) clearTimeout(pending);
      timers.delete(uri);
      // Dependents now read the file from disk again.
      for (const dependent of workspace.dependentsOf(uri)) {
        workspace.forget(dependent);
        schedule(dependent);
      }
      workspace.forget(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }),
  );

  connection.onHover(
    guard("hover", log, (params) => {
      const state = workspace.state(params.textDocument.uri);
      const document = workspace.document(params.textDocument.uri);
      if (state?.analysis.file === undefined || document === undefined) return null;
      return hoverAt(
        state.analysis.file,
        document.offsetAt(params.position),
        state.shapes,
        workspace.syntaxTrees(state),
      );
    }),
  );

  connection.languages.inlayHint.on(
    guard("inlayHint", log, (params, token) => {
      const state = workspace.state(params.textDocument.uri);
      if (state?.analysis.file === undefined) return [];
      return inlayHints(
        state.analysis.file,
        state.analysis.source,
        state.shapes,
        params.range,
        token,
      );
    }),
  );

  connection.onCompletion(
    guard("completion", log, (params) => {
      const document = workspace.document(params.textDocument.uri);
      const state = workspace.state(params.textDocument.uri);
      if (document === undefined || state === undefined) return [];
      return completionsAt(
        document.getText(),
        document.offsetAt(params.position),
        workspace.syntaxTrees(state),
      );
    }),
  );

  connection.onDefinition(
    guard("definition", log, (params) => {
      const state = workspace.state(params.textDocument.uri);
      const document = workspace.document(params.textDocument.uri);
      if (state?.analysis.file === undefined || document === undefined) return [];
      const target = targetAt(state.analysis.file, document.offsetAt(params.position));
      return target === undefined
        ? []
        : definitionOf(target, workspace.syntaxTrees(state), workspace.paths);
    }),
  );

  connection.onReferences(
    guard("references", log, (params) => {
      const state = workspace.state(params.textDocument.uri);
      const document = workspace.document(params.textDocument.uri);
      if (state?.analysis.file === undefined || document === undefined) return [];
      const target = targetAt(state.analysis.file, document.offsetAt(params.position));
      const include = params.context?.includeDeclaration === true;
      return target === undefined
        ? []
        : referencesOf(target, workspace.syntaxTrees(state), workspace.paths, include);
    }),
  );

  connection.onDocumentSymbol(
    guard("documentSymbol", log, (params) => {
      const state = workspace.state(params.textDocument.uri);
      if (state?.analysis.file === undefined) return [];
      return documentSymbols(state.analysis.file, state.shapes);
    }),
  );

  connection.onDocumentFormatting(
    guard("formatting", log, (params): TextEdit[] => {
      const document = workspace.document(params.textDocument.uri);
      if (document === undefined) return [];
      const text = document.getText();
      const formatted = format(workspace.paths.pathOf(document.uri), text);
      // Never reformat text the parser could not read: the result could drop what it skipped.
      if (formatted.diagnostics.some((d) => d.severity === "error") || formatted.text === text)
        return [];
      return [
        {
          range: { start: { line: 0, character: 0 }, end: document.positionAt(text.length) },
          newText: formatted.text,
        },
      ];
    }),
  );

  connection.onCodeAction(
    guard("codeAction", log, (params) => {
      const state = workspace.state(params.textDocument.uri);
      if (state === undefined) return [];
      const context = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
      return codeActions(
        params.range,
        context,
        state.analysis.diagnostics,
        state.analysis.path,
        workspace.paths,
      );
    }),
  );

  documents.listen(connection);
  connection.listen();
}

/**
 * `netc lsp`: the server over stdin/stdout. Resolves when the client closes the connection.
 * Input is read by netc's own reader (framing.ts), which survives malformed framing.
 */
export function runStdioServer(options: ServerOptions = {}): Promise<void> {
  const writer = new StreamMessageWriter(process.stdout);
  const reader = new ResyncingMessageReader(process.stdin, {
    reply: (error) => void writer.write({ jsonrpc: "2.0", id: null, error } as ResponseMessage),
    log: (line) => connection.console.error(line),
  });
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  // Given a reader rather than a stream, the library no longer ends the process when stdin
  // closes; as it would: exit 0 after a shutdown request, 1 otherwise (the LSP's rule).
  let shutdownReceived = false;
  connection.onShutdown(() => {
    shutdownReceived = true;
  });
  const inputClosed = () => process.exit(shutdownReceived ? 0 : 1);
  process.stdin.on("end", inputClosed);
  process.stdin.on("close", inputClosed);
  // A bug anywhere must not take the editor's server down; it is logged instead.
  process.on("uncaughtException", (error) =>
    connection.console.error(`netc lsp: uncaught: ${describe(error)}`),
  );
  process.on("unhandledRejection", (error) =>
    connection.console.error(`netc lsp: unhandled rejection: ${describe(error)}`),
  );
  return new Promise((resolve) => {
    connection.onExit(() => resolve());
    startServer(connection, options);
  });
}
