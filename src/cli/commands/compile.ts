import { Option } from "commander";
import path from "node:path";
import type { Backend } from "../../codegen/package.js";
import { writePackage } from "../../codegen/package.js";
import {
  backends,
  checkAndSelectModel,
  defaultBackend,
  emitModelPackage,
} from "../build-package.js";
import { examples, type NetcCommand } from "../command.js";
import { ExitCode } from "../context.js";
import { UserError, describeIoError } from "../errors.js";
import { displayPathFrom } from "../files.js";
import { runtimeTarball } from "../runtime-tarball.js";

interface CompileOptions {
  model?: string;
  backend: Backend;
  out?: string;
}

/** The default output directory: build/<model name in lower case>/<backend>. */
export function defaultOutDir(modelName: string, backend: Backend): string {
  return path.join("build", modelName.toLowerCase(), backend);
}

/** `netc compile FILE`: check, emit the model's TypeScript package, write it. */
export const compileCommand: NetcCommand = {
  name: "compile",
  register(program, run) {
    program
      .command("compile")
      .summary("compile a model to a TypeScript package (model.ts, train.ts, …)")
      .description(
        "Check FILE, then write the chosen model as a small TypeScript package: model.ts (the model), train.ts (its training script, when the file has a train section for it), config.ts and parallel.ts (loops), package.json, tsconfig.json, README.md, and netc's runtime as netc-runtime-VERSION.tgz, so that `npm install && npm run train` works in that folder anywhere; with --backend pytorch a Python package: model.py, train.py, netc_runtime.py and README.md.\n\n" +
          "Nothing is written when the file has errors. Exit status: 0 written, 1 errors in the input (or a layer the backend cannot compile), 2 usage or I/O error.",
      )
      .argument("<file>", "the .net file")
      .option(
        "--model <name>",
        "the model to compile (default: the only model, else the first trained one)",
      )
      .addOption(
        new Option("--backend <backend>", "code generator")
          .choices(backends)
          .default(defaultBackend),
      )
      .option("--out <dir>", "output directory (default: build/<model>/<backend>)")
      .addHelpText(
        "after",
        examples(
          "$ netc compile models/lenet5.net --backend loops",
          "$ netc compile models/lenet5.net --backend tfjs --out build/lenet5",
          "$ netc compile models/lenet5.net --backend pytorch --out build/lenet5-pytorch",
        ),
      )
      .action(async (file: string, options: CompileOptions) => {
        const { ctx } = run;
        const checked = checkAndSelectModel(ctx, file, options.model);
        if (checked === undefined) return run.finish(ExitCode.problems);
        const files = await emitModelPackage(ctx, checked, file, options.backend);
        if (files === undefined) return run.finish(ExitCode.problems);

        const out = path.resolve(
          ctx.cwd,
          options.out ?? defaultOutDir(checked.model.name, options.backend),
        );
        // netc's runtime, which the package's package.json takes from beside it (see
        // toolchain.ts); a Python package carries its own (netc_runtime.py)
        const written = new Map<string, string | Uint8Array>(files);
        if (options.backend !== "pytorch") {
          const runtime = runtimeTarball();
          written.set(runtime.name, runtime.bytes);
        }
        try {
          writePackage(out, written);
        } catch (error) {
          throw new UserError(describeIoError("write", out, error));
        }
        const shown = displayPathFrom(ctx.cwd)(out);
        ctx.stdout.write(
          `netc: compiled ${checked.model.name} (${options.backend} backend) into ${shown}/: ${[...written.keys()].join(", ")}\n`,
        );
        if (checked.train === undefined) {
          ctx.stdout.write(
            `netc: '${file}' has no train section for ${checked.model.name}: compiled the model only (no ${options.backend === "pytorch" ? "train.py" : "train.ts"})\n`,
          );
        }
        run.finish(ExitCode.ok);
      });
  },
};
