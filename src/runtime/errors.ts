/**
 * Errors a generated training script reports as one line, without a stack trace.
 * Each carries the process exit code the script should end with (see runTrainingMain).
 * The message is complete on its own: it names the file or flag and the exact problem.
 */
export abstract class RuntimeError extends Error {
  abstract readonly exitCode: number;
}

/** A data file or directory is missing or malformed. Exit code 2 (I/O error, as in the CLI). */
export class DataError extends RuntimeError {
  readonly exitCode = 2;
  override readonly name = "DataError";
}

/** A bad command-line flag. Exit code 2 (usage error). */
export class UsageError extends RuntimeError {
  readonly exitCode = 2;
  override readonly name = "UsageError";
}

/** A checkpoint file is corrupt, truncated, or belongs to another model. Exit code 2. */
export class CheckpointError extends RuntimeError {
  readonly exitCode = 2;
  override readonly name = "CheckpointError";
}

/** The training loss became NaN or ±Infinity. Exit code 1 (training failed). */
export class NonFiniteLossError extends RuntimeError {
  readonly exitCode = 1;
  override readonly name = "NonFiniteLossError";
}

/** Training stopped on Ctrl-C after a checkpoint was written. Exit code 130 (128 + SIGINT). */
export class TrainingInterrupted extends RuntimeError {
  readonly exitCode = 130;
  override readonly name = "TrainingInterrupted";
}
