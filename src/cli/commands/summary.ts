import { Option } from "commander";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { examples, rootOption, type NetcCommand } from "../command.js";
import { ExitCode } from "../context.js";
import { didYouMean } from "../did-you-mean.js";
import { UserError } from "../errors.js";
import { readNetFile } from "../files.js";
import { checkFile, summarizeModel } from "../frontend.js";
import { type OutputFormat, outputFormats, writeDiagnostics } from "../report.js";
import { renderSummaryTable } from "../summary-table.js";

/** `netc summary FILE`: per-layer output shapes, parameters, MACs and connections, with totals. */
export const summaryCommand: NetcCommand = {
  name: "summary",
  register(program, run) {
    program
      .command("summary")
      .summary("print a table of layers, shapes, parameters and MACs per model")
      .description(
        "Check FILE and print, for each model in it, a table with one row per layer (output shape, parameters, multiply-accumulates per sample, LeCun connections, whether it is trained), then the totals.\n\n" +
          "With --format json: one model gives {model, layers, totals}; several give {models: […]}.\n\n" +
          "Diagnostics go to stderr; with errors, no table is printed and the exit status is 1.",
      )
      .argument("<file>", "the .net file")
      .option("--model <name>", "only this model (default: every model in the file)")
      .addOption(
        new Option("--format <format>", "output format").choices(outputFormats).default("text"),
      )
      .addOption(rootOption())
      .addHelpText(
        "after",
        examples(
          "$ netc summary models/lenet5.net",
          "$ netc summary models/resnet18.net --model ResNet18 --format json",
        ),
      )
      .action((file: string, options: { model?: string; format: OutputFormat; root?: string }) => {
        const { ctx } = run;
        readNetFile(file, options.root);
        const checked = checkFile(file, options.root);
        if (checked.diagnostics.length > 0) {
          // Diagnostics are for the person running the command; stdout stays the data.
          writeDiagnostics(ctx, ctx.stderr, checked.diagnostics, checked.sources, "text");
        }
        if (hasErrors(checked.diagnostics)) return run.finish(ExitCode.problems);

        const available = checked.program.models;
        let models = available;
        if (options.model !== undefined) {
          models = available.filter((m) => m.name === options.model);
          if (models.length === 0) {
            const names = available.map((m) => m.name);
            throw new UserError(
              `no model named '${options.model}' in '${file}'${didYouMean(options.model, names)}` +
                (names.length > 0 ? `; it defines ${names.join(", ")}` : "; it defines no models"),
            );
          }
        }
        if (models.length === 0) {
          ctx.stderr.write(`netc: '${file}' defines no models\n`);
          return run.finish(ExitCode.ok);
        }
        const summaries = models.map((m) => ({ ir: m, summary: summarizeModel(m) }));
        if (options.format === "json") {
          const document =
            summaries.length === 1
              ? summaries[0]!.summary
              : { models: summaries.map((s) => s.summary) };
          ctx.stdout.write(JSON.stringify(document, null, 2) + "\n");
        } else {
          ctx.stdout.write(
            summaries.map((s) => renderSummaryTable(s.summary, s.ir.inputShape)).join("\n"),
          );
        }
        run.finish(ExitCode.ok);
      });
  },
};
