import { examples, type NetcCommand } from "../command.js";
import { ExitCode } from "../context.js";

/** `netc lsp`: the language server over stdio, for editors (see editors/ for VS Code and Neovim). */
export const lspCommand: NetcCommand = {
  name: "lsp",
  register(program, run) {
    program
      .command("lsp")
      .summary("run the language server over stdin/stdout (for editors)")
      .description(
        "Run the netc language server over stdin and stdout (Language Server Protocol): diagnostics as " +
          "you type, hover with shapes and size formulas, inlay hints with output shapes, completion, " +
          "definition, references, symbols, formatting and quick fixes. Editors start it themselves; " +
          "see editors/vscode and editors/nvim.",
      )
      .option(
        "--stdio",
        "talk over stdin/stdout (the default and only transport; accepted for editor clients)",
      )
      .option("--debounce <ms>", "milliseconds to wait after an edit before checking", "5")
      .addHelpText("after", examples("$ netc lsp --stdio"))
      .action(async (options: { debounce: string }) => {
        const debounceMs = Number(options.debounce);
        // Loaded here so the other commands do not pay for the protocol libraries.
        const { runStdioServer } = await import("../../lsp/server.js");
        await runStdioServer(Number.isFinite(debounceMs) && debounceMs >= 0 ? { debounceMs } : {});
        run.finish(ExitCode.ok);
      });
  },
};
