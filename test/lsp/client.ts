import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";

/**
 * A real protocol client for the end-to-end tests and the benchmark: it spawns
 * `node bin/netc.js lsp --stdio` (the installed CLI, built by `npm run build`) as a
 * separate process and talks JSON-RPC to it over the pipes.
 */

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface LspSession {
  connection: ProtocolConnection;
  process: ChildProcess;
  stderr: () => string;
  /** Messages the server logged (window/logMessage): where it reports a failed handler. */
  logs: () => string[];
  /** Open a document (text as given) and return its URI. */
  open(path: string, text: string): string;
  /** Send one change (incremental when `range` is given) and return the new version. */
  change(uri: string, changes: TextDocumentContentChangeEvent[]): number;
  /** Resolves with the first diagnostics published for `uri` with exactly this version. */
  diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]>;
  /** Resolves with the next diagnostics published for `uri` (whatever the version) after this call. */
  nextDiagnostics(uri: string): Promise<Diagnostic[]>;
  close(): Promise<void>;
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export async function startSession(
  initializationOptions: Record<string, unknown> = {},
  /** A workspace folder to announce (its path); none by default. */
  workspaceFolder?: string,
): Promise<LspSession> {
  if (!existsSync(`${repositoryRoot}dist/cli/main.js`))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it in pretest)");
  const child = spawn(process.execPath, ["bin/netc.js", "lsp", "--stdio"], {
    cwd: repositoryRoot,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );

  const versions = new Map<string, number>();
  const published: PublishDiagnosticsParams[] = [];
  const waiters: {
    uri: string;
    version: number | undefined;
    resolve: (d: Diagnostic[]) => void;
  }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const waiter of [...waiters]) {
      if (
        waiter.uri === params.uri &&
        (waiter.version === undefined || waiter.version === params.version)
      ) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics);
      }
    }
  });
  const logs: string[] = [];
  connection.onNotification(LogMessageNotification.type, (params) => {
    logs.push(params.message);
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: workspaceFolder === undefined ? null : fileUri(workspaceFolder),
    capabilities: {},
    initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});

  return {
    connection,
    process: child,
    stderr: () => stderr,
    logs: () => logs,
    open(path, text) {
      const uri = fileUri(path);
      versions.set(uri, 1);
      void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: "netc", version: 1, text },
      });
      return uri;
    },
    change(uri, changes) {
      const version = (versions.get(uri) ?? 0) + 1;
      versions.set(uri, version);
      void connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: changes,
      });
      return version;
    },
    diagnosticsFor(uri, version) {
      const already = published.find((p) => p.uri === uri && p.version === version);
      if (already !== undefined) return Promise.resolve(already.diagnostics);
      return new Promise((resolve) => waiters.push({ uri, version, resolve }));
    },
    nextDiagnostics(uri) {
      return new Promise((resolve) => waiters.push({ uri, version: undefined, resolve }));
    },
    async close() {
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // The process may be gone already; the kill below is then a no-op.
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill();
          resolve();
        }, 2000);
        child.on("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      connection.dispose();
    },
  };
}
