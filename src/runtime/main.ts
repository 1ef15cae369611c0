/** The entry wrapper of a generated train.ts (Node). */
import { RuntimeError } from "./errors.js";
import { watchParent } from "./parent-watch.js";

/**
 * Runs the training script's main function. A RuntimeError (bad flag, bad data file, bad
 * checkpoint, NaN loss, Ctrl-C) is printed as one line on stderr, without a stack trace, and
 * sets its exit code (2 usage/data/checkpoint, 1 NaN loss, 130 interrupted); so is a buffer
 * that cannot be allocated (exit 2). Anything else is a bug and keeps its stack trace.
 * Started by `netc train`, the script also ends when netc does (parent-watch.ts).
 */
export async function runTrainingMain(
  main: () => Promise<void> | void,
  programName = "train",
): Promise<void> {
  const stopWatching = watchParent();
  try {
    await main();
  } catch (error) {
    if (error instanceof RuntimeError) {
      process.stderr.write(`${programName}: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    if (isAllocationFailure(error)) {
      // Buffers are sized by the batch: too big a batch for this model and machine.
      process.stderr.write(
        `${programName}: not enough memory for this run (${error.message}); a smaller --batch needs less\n`,
      );
      process.exitCode = 2;
      return;
    }
    throw error;
  } finally {
    stopWatching();
  }
}

/** V8's errors for a typed array or buffer that cannot be allocated (too long, or no memory left). */
function isAllocationFailure(error: unknown): error is RangeError {
  return (
    error instanceof RangeError &&
    /Array buffer allocation failed|Invalid typed array length|Invalid array buffer length/.test(
      error.message,
    )
  );
}
