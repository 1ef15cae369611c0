import { Option } from "commander";
import path from "node:path";
import { buildNetworkGraph, toDot, toMermaid, toSvg } from "../../graph/index.js";
import { checkAndSelectModel } from "../build-package.js";
import { examples, rootOption, type NetcCommand } from "../command.js";
import { ExitCode } from "../context.js";
import { writeTextFile } from "../files.js";

type GraphFormat = "svg" | "dot" | "mermaid";
const graphFormats: readonly GraphFormat[] = ["svg", "dot", "mermaid"];

/** `netc graph FILE`: a picture of the network (SVG), or its DOT / Mermaid text. */
export const graphCommand: NetcCommand = {
  name: "graph",
  register(program, run) {
    program
      .command("graph")
      .summary("draw a model: SVG, or Graphviz DOT / Mermaid text")
      .description(
        "Check FILE and draw the model: one box per layer with its arguments and output shape, blocks as labelled groups, residual shortcuts dashed. SVG is laid out by Graphviz (bundled as WebAssembly); DOT and Mermaid are text for other tools.\n\n" +
          "Without --out the result goes to stdout. Exit status: 0 ok, 1 errors in the input, 2 usage or I/O error.",
      )
      .argument("<file>", "the .net file")
      .option(
        "--model <name>",
        "the model to draw (default: the only model, else the first trained one)",
      )
      .addOption(
        new Option("--format <format>", "output format").choices(graphFormats).default("svg"),
      )
      .option("--out <file>", "write to this file instead of stdout")
      .addOption(rootOption())
      .addHelpText(
        "after",
        examples(
          "$ netc graph models/lenet5.net --out lenet5.svg",
          "$ netc graph models/resnet18.net --format mermaid",
        ),
      )
      .action(
        async (
          file: string,
          options: { model?: string; format: GraphFormat; out?: string; root?: string },
        ) => {
          const { ctx } = run;
          const checked = checkAndSelectModel(ctx, file, options.model, options.root);
          if (checked === undefined) return run.finish(ExitCode.problems);
          const graph = buildNetworkGraph(checked.model, {
            sourceOf: (span) => checked.sourceTexts.get(span.file)?.slice(span.start, span.end),
          });
          const text =
            options.format === "dot"
              ? toDot(graph)
              : options.format === "mermaid"
                ? toMermaid(graph)
                : await toSvg(graph);
          if (options.out === undefined) ctx.stdout.write(text);
          else writeTextFile(path.resolve(ctx.cwd, options.out), text);
          run.finish(ExitCode.ok);
        },
      );
  },
};
