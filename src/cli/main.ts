import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { examples } from "./command.js";
import { commands } from "./commands/index.js";
import { type CliContext, ExitCode, processContext } from "./context.js";
import { InternalError, UserError } from "./errors.js";

/**
 * The netc command line. `bin/netc.js` calls `main` with the arguments after the
 * program name and uses the result as the exit status: 0 ok, 1 diagnostics with errors,
 * 2 usage or I/O error. User mistakes are reported in one line, never as a stack trace;
 * an exception that escapes here is a bug in netc.
 */
export async function main(argv: string[], ctx: CliContext = processContext()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = createProgram(ctx, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the help, the version or its error message already.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof UserError) {
      ctx.stderr.write(`netc: error: ${error.message}\n`);
      return ExitCode.usage;
    }
    if (error instanceof InternalError) {
      ctx.stderr.write(`netc: internal error: ${error.message} — please report this\n`);
      return ExitCode.internal;
    }
    throw error;
  }
}

function createProgram(ctx: CliContext, finish: (code: number) => void): Command {
  const program = new Command("netc");
  // Set before the subcommands are added, so they inherit it.
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      // One line per usage error, suggestion and pointer to --help included, so scripts
      // and people see the whole story at a glance.
      outputError: (text, write) =>
        write(`netc: ${text.trim().split("\n").join(" ")} (add --help for usage)\n`),
    })
    .showSuggestionAfterError(true);

  program
    .version(packageVersion(), "-V, --version", "print the version of netc")
    .helpOption("-h, --help", "print this help")
    .description(
      "netc compiles .net files, small declarative descriptions of neural networks, after checking every shape statically.\n\n" +
        "Exit status: 0 ok, 1 errors in the input, 2 usage or I/O error.\n\n" +
        "Colour is used when the output is a terminal, unless NO_COLOR is set (FORCE_COLOR forces it).",
    )
    .addHelpText(
      "after",
      examples(
        "$ netc check models/lenet5.net",
        "$ netc summary models/lenet5.net",
        "$ netc fmt --check models/",
        "$ netc help check",
      ),
    );

  for (const command of commands) command.register(program, { ctx, finish });
  return program;
}

function packageVersion(): string {
  // Two levels up from both src/cli/ and dist/cli/ is the package root.
  const manifest = JSON.parse(
    readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  return manifest.version;
}
