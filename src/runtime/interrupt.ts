/**
 * Graceful Ctrl-C for training (Node). The first SIGINT only sets `requested`: the loop
 * finishes the current step, writes a checkpoint and throws `interrupted(...)`, which
 * runTrainingMain turns into a message and exit code 130. A second SIGINT exits at once.
 */
import { TrainingInterrupted } from "./errors.js";

export interface InterruptHandler {
  readonly requested: boolean;
  /** Removes the handler (call when training ends). */
  dispose(): void;
}

export function installInterruptHandler(
  notice: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
  /** Where the checkpoint will be written; without one the notice must not promise it. */
  checkpoint?: string,
): InterruptHandler {
  let requested = false;
  const onSignal = () => {
    if (requested) {
      notice("interrupted again: quitting without a checkpoint");
      process.exit(130);
    }
    requested = true;
    notice(
      checkpoint === undefined
        ? "\nstopping after this step; no --checkpoint was given, so nothing is saved (Ctrl-C again to quit at once)"
        : `\nstopping after this step and writing a checkpoint to ${checkpoint} (Ctrl-C again to quit at once)`,
    );
  };
  process.on("SIGINT", onSignal);
  return {
    get requested() {
      return requested;
    },
    dispose() {
      process.off("SIGINT", onSignal);
    },
  };
}

/**
 * The command to run to resume: the current command line with --resume added. When
 * `netc train` launched this script from its cache, it passes its own command line in
 * NETC_RESUME_COMMAND, which is what the user should type again (not the cache path).
 */
export function resumeCommand(
  argv: readonly string[] = process.argv,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const launcher = env.NETC_RESUME_COMMAND;
  if (launcher !== undefined && launcher !== "") {
    return /(^|\s)--resume(\s|$)/.test(launcher) ? launcher : `${launcher} --resume`;
  }
  const quote = (word: string) =>
    /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
  const words = argv.slice(1).map(quote);
  if (!argv.includes("--resume")) words.push("--resume");
  return ["node", ...words].join(" ");
}

/**
 * The error to throw after the checkpoint is written. `epoch` and `step` are 1-based: the
 * step that just finished. `command` defaults to the current command line plus --resume.
 */
export function interrupted(at: {
  epoch: number;
  step: number;
  checkpoint?: string;
  command?: string;
}): TrainingInterrupted {
  if (at.checkpoint === undefined) {
    return new TrainingInterrupted(
      `interrupted at epoch ${at.epoch}, step ${at.step}; no checkpoint was written (pass --checkpoint FILE to make a run resumable)`,
    );
  }
  return new TrainingInterrupted(
    `interrupted at epoch ${at.epoch}, step ${at.step}; checkpoint written to ${at.checkpoint}; resume with: ${at.command ?? resumeCommand()}`,
  );
}
