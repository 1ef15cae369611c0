import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

/**
 * Starts `netc lsp --stdio` for .net files. The executable is the `netc.path` setting
 * (default: `netc` on PATH, e.g. after `npm install -g netc` or from the project's
 * node_modules/.bin when VS Code's PATH includes it).
 */
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await startClient(context);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("netc.path") || event.affectsConfiguration("netc.extraArgs")) {
        await client?.stop();
        await startClient(context);
      }
    }),
    vscode.commands.registerCommand("netc.restartServer", async () => {
      await client?.stop();
      await startClient(context);
    }),
  );
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("netc");
  const command = config.get<string>("path", "netc");
  const args = ["lsp", "--stdio", ...config.get<string[]>("extraArgs", [])];
  const serverOptions: ServerOptions = {
    run: { command, args },
    debug: { command, args },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "netc" },
      { scheme: "untitled", language: "netc" },
    ],
    outputChannelName: "netc",
  };
  client = new LanguageClient("netc", "netc language server", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
