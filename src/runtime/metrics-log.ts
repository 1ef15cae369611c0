/** The metrics log: one JSON object per line, one line per epoch (Node). */
import { appendFileSync, writeFileSync } from "node:fs";
import { UsageError } from "./errors.js";
import type { EpochRecord } from "./metrics.js";
import { fileProblem, makeParentDirectory } from "./output-files.js";

export class MetricsLog {
  /**
   * A fresh run truncates the file; a resumed run (`append`) continues it. Either way the
   * file is opened here, before training, so a path that cannot be written (a folder, a
   * read-only place) stops the run at once with one line, not after the first epoch.
   */
  constructor(
    readonly path: string,
    append: boolean,
  ) {
    const folderProblem = makeParentDirectory(path);
    if (folderProblem !== undefined) throw new UsageError(`--log ${path}: ${folderProblem}`);
    this.writeOrFail(() => (append ? appendFileSync(path, "") : writeFileSync(path, "")));
  }

  write(record: EpochRecord): void {
    const line = {
      epoch: record.epoch,
      loss: record.loss,
      accuracy: record.accuracy,
      valAccuracy: record.valAccuracy,
      lr: record.lr,
      seconds: record.seconds,
      samplesPerSecond: record.samplesPerSecond,
      // the train section's optional metrics (top5, loss): only the keys the script reports
      ...(record.valTop5 !== undefined && { valTop5: record.valTop5 }),
      ...(record.testTop5 !== undefined && { testTop5: record.testTop5 }),
      ...(record.valLoss !== undefined && { valLoss: record.valLoss }),
      ...(record.testLoss !== undefined && { testLoss: record.testLoss }),
    };
    this.writeOrFail(() => appendFileSync(this.path, `${JSON.stringify(line)}\n`));
  }

  private writeOrFail(write: () => void): void {
    try {
      write();
    } catch (error) {
      throw new UsageError(
        `--log ${this.path}: cannot write the metrics log: ${fileProblem(error)}`,
      );
    }
  }
}
