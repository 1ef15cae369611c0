import { hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { SourceText } from "../../diagnostics/span.js";
import { examples, type NetcCommand } from "../command.js";
import { ExitCode } from "../context.js";
import { UserError } from "../errors.js";
import { displayPathFrom, expandInputs, readNetFile, writeTextFile } from "../files.js";
import { formatFile } from "../frontend.js";
import { uniqueDiagnostics, writeDiagnostics } from "../report.js";

/** `netc fmt FILE… [--check]`: canonical layout, in place; never writes a file that has syntax errors. */
export const fmtCommand: NetcCommand = {
  name: "fmt",
  register(program, run) {
    program
      .command("fmt")
      .summary("rewrite .net files in the canonical layout")
      .description(
        "Rewrite each .net file in place in the canonical layout, keeping comments. A file with syntax errors is reported and left untouched. A directory stands for all .net files below it.\n\n" +
          "With --check nothing is written: the files that would change are listed, and the exit status is 1 if there are any (useful in CI).",
      )
      .argument("<files...>", ".net files or directories to format")
      .option(
        "--check",
        "list files that are not formatted instead of rewriting them; exit 1 if any",
      )
      .addHelpText("after", examples("$ netc fmt models/lenet5.net", "$ netc fmt --check models/"))
      .action((inputs: string[], options: { check?: boolean }) => {
        const { ctx } = run;
        const show = displayPathFrom(ctx.cwd);
        const failures: Diagnostic[] = [];
        const sources = new Map<string, SourceText>();
        const changed: string[] = [];
        let ioFailed = false;
        for (const input of inputs) {
          try {
            for (const file of expandInputs([input])) {
              const original = readNetFile(file);
              const formatted = formatFile(file, original);
              if (hasErrors(formatted.diagnostics)) {
                failures.push(...formatted.diagnostics);
                sources.set(file, formatted.source);
                continue;
              }
              if (formatted.text === original) continue;
              changed.push(file);
              if (!options.check) writeTextFile(file, formatted.text);
            }
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
            ctx.stderr.write(`netc: error: ${error.message}\n`);
            ioFailed = true;
          }
        }
        if (failures.length > 0) {
          writeDiagnostics(ctx, ctx.stderr, uniqueDiagnostics(failures), sources, "text");
          ctx.stderr.write("netc: files with syntax errors were not formatted\n");
        }
        if (options.check) {
          for (const file of changed) ctx.stdout.write(`would reformat ${show(file)}\n`);
        } else {
          for (const file of changed) ctx.stdout.write(`formatted ${show(file)}\n`);
        }
        const problems = failures.length > 0 || (options.check === true && changed.length > 0);
        run.finish(ioFailed ? ExitCode.usage : problems ? ExitCode.problems : ExitCode.ok);
      });
  },
};
