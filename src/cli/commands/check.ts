import { Option } from "commander";
import { type Diagnostic, hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import type { SourceText } from "../../diagnostics/span.js";
import { examples, rootOption, type NetcCommand } from "../command.js";
import { ExitCode } from "../context.js";
import { UserError } from "../errors.js";
import { expandInputs, readNetFile } from "../files.js";
import { checkFile } from "../frontend.js";
import {
  type OutputFormat,
  outputFormats,
  uniqueDiagnostics,
  writeDiagnostics,
} from "../report.js";

/** `netc check FILE…`: report every diagnostic; exit 0 without errors, 1 with, 2 on usage or I/O problems. */
export const checkCommand: NetcCommand = {
  name: "check",
  register(program, run) {
    program
      .command("check")
      .summary("check .net files for syntax, name and shape errors")
      .description(
        "Parse and shape-check each .net file (and the files it imports) and report every problem found. A directory stands for all .net files below it.\n\n" +
          "Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors, 2 when a file cannot be read or the command line is wrong.",
      )
      .argument("<files...>", ".net files or directories to check")
      .addOption(
        new Option("--format <format>", "output format").choices(outputFormats).default("text"),
      )
      .addOption(rootOption())
      .addHelpText(
        "after",
        examples("$ netc check models/lenet5.net", "$ netc check models/ --format json"),
      )
      .action((inputs: string[], options: { format: OutputFormat; root?: string }) => {
        const { ctx } = run;
        const diagnostics: Diagnostic[] = [];
        const sources = new Map<string, SourceText>();
        let ioFailed = false;
        let fileCount = 0;
        for (const input of inputs) {
          let files: string[];
          try {
            files = expandInputs([input]);
            // Read the entry file here so a missing one is an I/O error (exit 2), not a diagnostic.
            for (const file of files) readNetFile(file, options.root);
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
            ctx.stderr.write(`netc: error: ${error.message}\n`);
            ioFailed = true;
            continue;
          }
          for (const file of files) {
            const checked = checkFile(file, options.root);
            fileCount++;
            diagnostics.push(...checked.diagnostics);
            for (const [path, source] of checked.sources) sources.set(path, source);
          }
        }
        const all = sortDiagnostics(uniqueDiagnostics(diagnostics));
        if (options.format === "json" || all.length > 0) {
          writeDiagnostics(ctx, ctx.stdout, all, sources, options.format);
        } else if (fileCount > 0) {
          ctx.stdout.write(
            `netc: ${fileCount === 1 ? "1 file" : `${fileCount} files`} checked, no problems found\n`,
          );
        }
        run.finish(ioFailed ? ExitCode.usage : hasErrors(all) ? ExitCode.problems : ExitCode.ok);
      });
  },
};
