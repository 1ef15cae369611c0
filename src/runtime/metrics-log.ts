/** The metrics log: one JSON object per line, one line per epoch (Node). */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { EpochRecord } from "./metrics.js";

export class MetricsLog {
  /** A fresh run truncates the file; a resumed run (`append`) continues it. */
  constructor(
    readonly path: string,
    append: boolean,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    if (!append) writeFileSync(path, "");
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
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
  }
}
