import { examples, type NetcCommand } from "../command.js";
import { ExitCode } from "../context.js";
import { explain, findDefinition, renderExplanation } from "../explain.js";

/** `netc explain NETnnnn`: the meaning of a diagnostic code, with an example and its fix. */
export const explainCommand: NetcCommand = {
  name: "explain",
  register(program, run) {
    program
      .command("explain")
      .summary("explain a diagnostic code, with an example and its fix")
      .description(
        "Print what a diagnostic code means, a small .net file that triggers it, what netc reports for it and, where netc can fix it, the file after the fix. The list of all codes is in docs/diagnostics.md.\n\n" +
          "Exit status: 0 when the code exists, 2 when it does not.",
      )
      .argument("<code>", "a diagnostic code such as NET0104 (or just 104)")
      .addHelpText("after", examples("$ netc explain NET0301", "$ netc explain 104"))
      .action((code: string) => {
        const { ctx } = run;
        const definition = findDefinition(code);
        if (definition === undefined) {
          ctx.stderr.write(
            `netc: error: unknown diagnostic code '${code}'; codes look like NET0104 (see docs/diagnostics.md)\n`,
          );
          run.finish(ExitCode.usage);
          return;
        }
        ctx.stdout.write(renderExplanation(explain(definition)));
        run.finish(ExitCode.ok);
      });
  },
};
