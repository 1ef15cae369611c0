import { Option, type Command } from "commander";
import type { CliContext } from "./context.js";

/**
 * One subcommand of netc, in one file under commands/. To add a command (compile, train,
 * graph, lsp), write commands/NAME.ts exporting a NetcCommand and list it in
 * commands/index.ts; main.ts needs no change.
 */
export interface NetcCommand {
  name: string;
  /** Define the subcommand on `program` (arguments, options, help with an example, action). */
  register(program: Command, run: CommandRun): void;
}

/** What an action may use: the context, and `finish` to set the process exit code. */
export interface CommandRun {
  ctx: CliContext;
  finish(code: number): void;
}

/** `--root DIR`, on every command that reads .net files and their imports. */
export function rootOption(): Option {
  return new Option(
    "--root <dir>",
    "the project root: no import may lead outside it (default: the folder of each file)",
  );
}

/** Help text appended after a command's options: a heading and example lines. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join("\n")}\n`;
}
