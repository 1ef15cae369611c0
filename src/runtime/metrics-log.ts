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
    };
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
  }
}
