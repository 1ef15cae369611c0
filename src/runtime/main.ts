/** The entry wrapper of a generated train.ts (Node). */
import { RuntimeError } from "./errors.js";

/**
 * Runs the training script's main function. A RuntimeError (bad flag, bad data file, bad
 * checkpoint, NaN loss, Ctrl-C) is printed as one line on stderr, without a stack trace, and
 * sets its exit code (2 usage/data/checkpoint, 1 NaN loss, 130 interrupted). Anything else is
 * a bug and keeps its stack trace.
 */
export async function runTrainingMain(
  main: () => Promise<void> | void,
  programName = "train",
): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof RuntimeError) {
      process.stderr.write(`${programName}: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  }
}
