import { statSync } from "node:fs";
import path from "node:path";
import { Option } from "commander";
import { irHash } from "../../ir/hash.js";
import { loadWeights } from "../../runtime/checkpoint-file.js";
import { checkWeightsModel } from "../../runtime/checkpoint-format.js";
import { RuntimeError } from "../../runtime/errors.js";
import { checkAndSelectModel } from "../build-package.js";
import { examples, rootOption, type NetcCommand } from "../command.js";
import { ExitCode } from "../context.js";
import { UserError } from "../errors.js";
import { exportFormats } from "../export/formats.js";
import { modelTensors } from "../export/model-tensors.js";
import { displayPathFrom } from "../files.js";
import { netcVersion } from "../netc-package.js";

interface ExportOptions {
  model?: string;
  weights: string;
  format: string;
  out: string;
  root?: string;
}

/** `netc export FILE --weights CKPT --format F --out PATH`: trained weights in another format. */
export const exportCommand: NetcCommand = {
  name: "export",
  register(program, run) {
    const formats = Object.keys(exportFormats);
    program
      .command("export")
      .summary("write a model's trained weights in another format (safetensors, onnx)")
      .description(
        "Check FILE, read the weights in CKPT (a netc checkpoint or weights file, a legacy .ckpt, or any safetensors file of F32 tensors named as the model names them), match them to the model (every tensor, its shape, and for netc files the model's IR hash), and write them in the chosen format.\n\n" +
          `Formats: ${formats.map((name) => `${name}: ${exportFormats[name]!.description}`).join("; ")}.\n\n` +
          "Exit status: 0 written, 1 errors in the input, 2 usage or I/O error (a weights file that does not fit the model included).",
      )
      .argument("<file>", "the .net file")
      .option("--model <name>", "the model (default: the only model, else the first trained one)")
      .requiredOption("--weights <ckpt>", "the checkpoint or weights file to read")
      .addOption(
        new Option("--format <format>", "output format").choices(formats).default("safetensors"),
      )
      .requiredOption("--out <path>", "the file to write")
      .addOption(rootOption())
      .addHelpText(
        "after",
        examples(
          "$ netc train models/lenet5.net --checkpoint lenet5.ckpt",
          "$ netc export models/lenet5.net --weights lenet5.ckpt --format safetensors --out lenet5.safetensors",
          "$ netc export models/lenet5.net --weights lenet5.ckpt --format onnx --out lenet5.onnx",
        ),
      )
      .action(async (file: string, options: ExportOptions) => {
        const { ctx } = run;
        const checked = checkAndSelectModel(ctx, file, options.model, options.root);
        if (checked === undefined) return run.finish(ExitCode.problems);
        // the instance the train section trains (its arguments decide the shapes)
        const index = checked.train?.modelIndex;
        const model =
          (index !== undefined ? checked.program.models[index] : undefined) ?? checked.model;
        const tensors = modelTensors(model);
        const modelHash = irHash(model);
        const weightsPath = path.resolve(ctx.cwd, options.weights);
        const out = path.resolve(ctx.cwd, options.out);
        const shown = displayPathFrom(ctx.cwd);
        let weights;
        try {
          weights = checkWeightsModel(
            loadWeights(weightsPath, shown(weightsPath)),
            { model: model.name, modelHash, tensors },
            shown(weightsPath),
          );
        } catch (error) {
          // a file that is not a checkpoint, or not this model's: one line, exit 2
          if (error instanceof RuntimeError) throw new UserError(error.message);
          throw error;
        }
        if (isDirectory(out)) {
          throw new UserError(`--out ${shown(out)} is a directory; give a file path`);
        }
        const written = await exportFormats[options.format]!.write({
          model,
          train: checked.train,
          tensors,
          weights,
          modelHash,
          netcVersion: netcVersion(),
          out,
        });
        ctx.stdout.write(
          `netc: exported ${model.name} (${written}) from ${shown(weightsPath)} to ${shown(out)} as ${options.format}\n`,
        );
        run.finish(ExitCode.ok);
      });
  },
};

function isDirectory(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}
